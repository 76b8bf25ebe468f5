/** Placeholder page: shows whether the API and its table answer. */
const statusLine = document.getElementById('status');

async function showHealth(): Promise<void> {
  if (!statusLine) return;
  try {
    const response = await fetch('/health');
    const health = (await response.json()) as { status: string; table: string };
    statusLine.textContent = response.ok ? 'The API is up and its table answers.' : `The API is up, but its table is ${health.table}.`;
    statusLine.dataset.state = response.ok ? 'up' : 'down';
  } catch {
    statusLine.textContent = 'The API does not answer.';
    statusLine.dataset.state = 'down';
  }
}

void showHealth();
export {};
