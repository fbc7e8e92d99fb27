import { createContext } from '@lit/context';
import type { IntegrationsBackend } from './backend/backend.ts';

/** Provide an IntegrationsBackend to every kit element below an ancestor (see @lit/context). */
export const backendContext = createContext<IntegrationsBackend | undefined>(Symbol.for('integration-kit/backend'));

/** Provide the workspace id the kit elements below an ancestor work on. */
export const workspaceContext = createContext<string | undefined>(Symbol.for('integration-kit/workspace'));
