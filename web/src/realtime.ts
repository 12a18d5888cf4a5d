import { api } from './api/client';

/** A real-time message (docs/api.md, "Real-time"). */
export type RealtimeMessage = { type: string; channel: string; data: Record<string, unknown>; at: string };
type Listener = (m: RealtimeMessage) => void;

const listeners = new Set<Listener>();
let socket: WebSocket | null = null;
let stopped = true;
let retry = 0;

/** Listens to the signed-in user's messages; returns the unsubscribe function. */
export function onRealtime(listener: Listener) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Negotiates and connects (the same for the DevHost and Azure Web PubSub); reconnects with back-off. */
export async function startRealtime() {
  stopped = false;
  if (socket) return;
  try {
    const { data } = await api.negotiate();
    socket = new WebSocket(data.url);
    socket.onopen = () => {
      retry = 0;
      document.documentElement.dataset.realtime = 'connected';
    };
    socket.onmessage = (e) => {
      try {
        const message = JSON.parse(String(e.data)) as RealtimeMessage;
        listeners.forEach((l) => l(message));
      } catch {
        /* not one of ours */
      }
    };
    socket.onclose = () => {
      socket = null;
      document.documentElement.dataset.realtime = 'disconnected';
      if (!stopped) setTimeout(startRealtime, Math.min(30000, 1000 * 2 ** retry++));
    };
  } catch {
    socket = null;
    if (!stopped) setTimeout(startRealtime, Math.min(30000, 1000 * 2 ** retry++));
  }
}

export function stopRealtime() {
  stopped = true;
  socket?.close();
  socket = null;
}
