/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the API is when the client is hosted apart from it (Azure Static Web Apps); empty: the same origin. */
  readonly VITE_KMT_API_BASE?: string;
}
