/** The measurement file `audit --traffic FILE` reads: refused with the JSON path when invalid. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMeasurementFile } from '../../../src/cli/measurement-file';
import { UserInputError } from '../../../src/errors';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-measurement-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const valid = {
  schemaVersion: 1,
  kind: 'vpce-auditor-measurement',
  accountId: '111122223333',
  takenAt: '2026-12-07T10:30:00Z',
  regions: {
    'us-east-1': [
      {
        natGatewayId: 'nat-0aaaaaaaaaaaaaaa1',
        status: 'measured',
        source: 'measure',
        startTime: '2026-12-07T10:00:00Z',
        endTime: '2026-12-07T10:15:00Z',
        attribution: 'subnet',
        services: { s3: { bytesToService: 10, bytesFromService: 20 } },
        subnets: [
          { subnetId: 'subnet-0a', service: 's3', bytesToService: 10, bytesFromService: 20 },
        ],
        bytesScanned: 1000,
      },
    ],
  },
};

describe('loadMeasurementFile', () => {
  it('reads a valid file', async () => {
    // Prepare
    const path = file('ok.json', JSON.stringify(valid));

    // Act
    const loaded = await loadMeasurementFile(path);

    // Assess
    expect(loaded.regions['us-east-1']?.[0]?.services?.s3?.bytesFromService).toBe(20);
  });

  it('refuses a bad field with its JSON path and value, naming the flag', async () => {
    // Prepare
    const bad = structuredClone(valid);
    (
      bad.regions['us-east-1'][0] as { services: { s3: { bytesToService: number } } }
    ).services.s3.bytesToService = -5;
    const path = file('bad.json', JSON.stringify(bad));

    // Act
    const loading = loadMeasurementFile(path, '--measurement');

    // Assess
    await expect(loading).rejects.toThrow(UserInputError);
    await expect(loading).rejects.toThrow(/--measurement: ".*bad.json" is not a measurement file/);
    await expect(loading).rejects.toThrow(/regions\.us-east-1\[0\]\.services\.s3\.bytesToService/);
  });

  it('refuses a file of another kind, and a region that is not one', async () => {
    // Prepare
    const path = file(
      'kind.json',
      JSON.stringify({ ...valid, kind: 'report', regions: { 'not a region': [] } }),
    );

    // Act
    const loading = loadMeasurementFile(path);

    // Assess
    await expect(loading).rejects.toThrow(/--traffic: .*kind/);
    await expect(loading).rejects.toThrow(/is not an AWS region name/);
  });

  it('refuses what is not JSON, and a file that is not there', async () => {
    // Prepare
    const path = file('text.json', 'not json');

    // Act
    const notJson = await loadMeasurementFile(path).catch((error: unknown) => error);
    const missing = await loadMeasurementFile(join(dir, 'nowhere.json')).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(notJson).toBeInstanceOf(UserInputError);
    expect(missing).toBeInstanceOf(UserInputError);
    expect((missing as Error).message).toMatch(/--traffic: cannot read ".*nowhere.json": ENOENT/);
  });
});
