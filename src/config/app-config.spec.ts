import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('listens on loopback unless HOST opens it', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('cuts slow clients off within seconds by default, and large uploads still fit', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      idleTimeoutMs: 10_000,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 120_000,
      keepAliveTimeoutMs: 72_000,
      statementTimeoutMs: 5000,
    });
    expect(
      loadConfig({
        VIGIL_IDLE_TIMEOUT_SECONDS: '3',
        VIGIL_HEADERS_TIMEOUT_SECONDS: '4',
        VIGIL_REQUEST_TIMEOUT_SECONDS: '30',
        VIGIL_KEEP_ALIVE_TIMEOUT_SECONDS: '65',
        VIGIL_STATEMENT_TIMEOUT_MS: '2500',
      }),
    ).toMatchObject({
      idleTimeoutMs: 3000,
      headersTimeoutMs: 4000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 65_000,
      statementTimeoutMs: 2500,
    });
  });

  it('refuses timeouts that are not whole numbers in range, or headers given longer than the request', () => {
    const problems = (() => {
      try {
        loadConfig({
          VIGIL_IDLE_TIMEOUT_SECONDS: '0',
          VIGIL_STATEMENT_TIMEOUT_MS: '5s',
          VIGIL_HEADERS_TIMEOUT_SECONDS: '60',
          VIGIL_REQUEST_TIMEOUT_SECONDS: '30',
        });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      "VIGIL_IDLE_TIMEOUT_SECONDS must be a whole number from 1 to 600, got '0'",
      "VIGIL_STATEMENT_TIMEOUT_MS must be a whole number from 100 to 3600000, got '5s'",
      'VIGIL_HEADERS_TIMEOUT_SECONDS must not exceed VIGIL_REQUEST_TIMEOUT_SECONDS',
    ]);
  });
});
