export function FindingsPage() {
  return <h1>Findings</h1>;
}
