import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API (and the real-time WebSocket) to a DevHost on 7071;
// `npm run build` writes dist/, which the DevHost serves at / (web/README.md).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:7071', ws: true } } },
});
