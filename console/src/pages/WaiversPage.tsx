export function WaiversPage() {
  return <h1>Waivers</h1>;
}
