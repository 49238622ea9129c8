/**
 * The API key of this tab. sessionStorage: it goes when the tab closes, no other tab or site
 * reads it, and it is never put in a URL (a URL lands in history, logs and Referer headers).
 */
const KEY = 'vigil.apiKey';

export function storedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
