// Worker-thread entry of `replcheck measure --threads`: registers tsx in this thread (hooks
// registered by the launcher do not reach workers), then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
