import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import type { ReportInputs, StoredFinding } from '../src/compliance-report/build-report';
import { policyBundleSha256 } from '../src/compliance-report/policy-bundle';
import { runReportJob } from '../src/compliance-report/report-job';
import type { ReportFormat } from '../src/compliance-report/report-model';
import { createSigningIdentity } from '../src/report-signing/signing-identity';
import { ReportSourcesRepository } from '../src/reports/report-sources.repository';
import { Scanner } from '../src/scanner/scanner';
import { VIGIL_VERSION } from '../src/scanner/version';
import { PROJECT, seedProject } from './report-benchmarks';
import { Api, benchDatabase } from './service-benchmarks';
import { startService } from './service-process';

/**
 * Profiling aid, not part of `npm run bench`: `node bench-dist/bench/report-profile.js dump FILE`
 * seeds the report bench's project and writes the inputs of its ISO 27001 report to FILE;
 * `node --cpu-prof bench-dist/bench/report-profile.js run FILE [FORMAT...]` runs the report job on
 * them in this thread (no pool, no service), so that a CPU profile shows the job alone.
 */
async function dump(file: string): Promise<void> {
  const database = await benchDatabase();
  try {
    const token = randomBytes(24).toString('base64url');
    const service = await startService(database.url, token);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await seedProject(new Api(service.base, token), client);
      const manager = {
        query: async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows,
      } as unknown as EntityManager;
      const [{ id: projectId }] = (await client.query('SELECT id FROM projects WHERE name = $1', [PROJECT]))
        .rows;
      const sources = new ReportSourcesRepository();
      const period = { from: null, to: null };
      const scans = await sources.scans(manager, projectId, period);
      const inputs: ReportInputs = {
        id: '00000000-0000-4000-8000-000000000000',
        project: PROJECT,
        framework: 'iso27001',
        period: { from: null, to: new Date().toISOString() },
        generatedAt: new Date().toISOString(),
        generatedBy: 'bench@example.com',
        vigilVersion: VIGIL_VERSION,
        rules: new Scanner().rules,
        policyBundleSha256: policyBundleSha256(),
        referenceData: scans[0]?.referenceData ?? null,
        scans: scans.map(({ referenceData: _applied, ...scan }) => scan),
        findings: JSON.parse(await sources.findingsJson(manager, projectId, period)) as StoredFinding[],
        waivers: await sources.waiversInForce(manager, projectId),
        manifests: scans[0] ? await sources.manifests(manager, scans[0].id) : [],
        previous: null,
      };
      fs.writeFileSync(file, JSON.stringify(inputs));
      process.stderr.write(`${inputs.findings.length} findings, ${inputs.waivers.length} waivers -> ${file}\n`);
    } finally {
      await client.end();
      await service.stop();
    }
  } finally {
    await database.drop();
  }
}

async function run(file: string, formats: ReportFormat[]): Promise<void> {
  const inputs = JSON.parse(fs.readFileSync(file, 'utf8')) as ReportInputs;
  const { findings, ...rest } = inputs;
  const findingsJson = JSON.stringify(findings);
  const signing = createSigningIdentity('Vigil bench', new Date(inputs.generatedAt));
  for (const format of formats) {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const rendered = await runReportJob({ inputs: rest, findingsJson, format, signing });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    const out = `${file}.${format}`;
    fs.writeFileSync(out, rendered.content);
    process.stderr.write(
      `${format}: ${wall.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU, ` +
        `${(rendered.content.length / 1e6).toFixed(2)} MB, sha256 ${rendered.sha256.slice(0, 16)} -> ${out}\n`,
    );
  }
}

const [command, file, ...rest] = process.argv.slice(2);
const work =
  command === 'dump'
    ? dump(file)
    : run(file, (rest.length ? rest : ['pdf', 'html', 'csv', 'json', 'oscal']) as ReportFormat[]);
work.catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
