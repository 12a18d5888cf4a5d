import { useState, type FormEvent } from 'react';
import { api, saveSession } from '../api/client';
import { message } from '../ui';

/** Sign up or sign in with e-mail and password. */
export function AuthScreen() {
  const [mode, setMode] = useState<'signin' | 'signup'>('signup');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const email = String(f.get('email')), password = String(f.get('password'));
    setBusy(true);
    setError(null);
    try {
      const result = mode === 'signup'
        ? await api.register({ email, password, first_name: String(f.get('first_name') || '') || undefined })
        : await api.login({ email, password });
      saveSession(result.data);
      location.hash = 'browse';
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth" id="main">
      <h1>Knowledge Metabolism Tracker</h1>
      <p className="muted">What you read, what you keep, what connects.</p>
      <form onSubmit={submit} aria-labelledby="auth-title">
        <h2 id="auth-title">{mode === 'signup' ? 'Create your account' : 'Sign in'}</h2>
        {mode === 'signup' && (
          <label>First name (optional)<input name="first_name" autoComplete="given-name" /></label>
        )}
        <label>E-mail<input name="email" type="email" required autoComplete="email" /></label>
        <label>Password<input name="password" type="password" required minLength={8} autoComplete={mode === 'signup' ? 'new-password' : 'current-password'} /></label>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? 'Please wait…' : mode === 'signup' ? 'Sign up' : 'Sign in'}</button>
      </form>
      <button type="button" className="link" onClick={() => setMode(mode === 'signup' ? 'signin' : 'signup')}>
        {mode === 'signup' ? 'I already have an account' : 'Create a new account'}
      </button>
    </main>
  );
}
