import * as fs from 'node:fs';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { tryLock } = require('fs-native-extensions') as { tryLock(fd: number): boolean };

/**
 * One Vigil service per data folder: an exclusive lock held by the operating system on
 * <dataDir>/vigil.lock for as long as the service runs. The kernel drops it when the process
 * ends, however it ends (SIGKILL, OOM, power loss), so a lock left behind is never mistaken
 * for a live one and a reused PID cannot fool it. The PID inside is only for the message.
 */
export class DataFolderLock {
  private constructor(private fd: number | undefined) {}

  static acquire(dataDir: string): DataFolderLock {
    const file = path.join(dataDir, 'vigil.lock');
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    let granted: boolean;
    try {
      granted = tryLock(fd);
    } catch (error) {
      fs.closeSync(fd);
      // Some network file systems have no locks: one service per folder could not be ensured.
      throw new Error(`could not lock ${file}: ${(error as Error).message}`, { cause: error });
    }
    if (!granted) {
      const holder = readHolder(fd);
      fs.closeSync(fd);
      throw new Error(
        `another Vigil service${/^\d+$/.test(holder) ? ` (PID ${holder})` : ''} is using the data folder ${dataDir}. ` +
          'Stop it first, or give this one a data folder of its own (VIGIL_DATA_DIR) or a shared server (DATABASE_URL).',
      );
    }
    fs.ftruncateSync(fd);
    fs.writeSync(fd, `${process.pid}\n`, 0);
    return new DataFolderLock(fd);
  }

  /** Closing the file releases the lock; the file stays, an unlocked file means nothing. */
  release(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The PID the holder wrote, when it can be read (Windows' locks also bar reading). */
function readHolder(fd: number): string {
  try {
    return fs.readFileSync(fd, 'utf8').trim();
  } catch {
    return '';
  }
}
