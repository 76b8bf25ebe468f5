/** Who is signed in: the token lives in sessionStorage, so closing the tab signs out. */
export interface Session {
  token: string;
  customerId: string;
  email: string;
}

const KEY = 'configurator.session';

export const session = {
  current(): Session | null {
    try {
      const raw = sessionStorage.getItem(KEY);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  },
  start(value: Session): void {
    sessionStorage.setItem(KEY, JSON.stringify(value));
  },
  end(): void {
    sessionStorage.removeItem(KEY);
  },
};
