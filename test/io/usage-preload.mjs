// Loaded into a command-line run by the hostile-corpus tests (`node --import`): when the process
// exits, it writes its own CPU time and peak memory to file descriptor 3. CPU time, unlike the
// wall clock, hardly changes when other work loads the machine, so the corpus's "within 10 s"
// holds on a busy CI machine too; the wall clock only guards against a hang.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  try {
    writeSync(3, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKiB: u.maxRSS }));
  } catch {
    // No descriptor 3: run outside the tests.
  }
});
