import { rmSync } from 'fs';

import { Container } from '@n8n/di';
// Not re-exported by n8n-core's index.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

// n8n-core's SSH clients manager starts a cleanup timer when first used; stop it so jest
// can exit, and remove the temporary N8N_USER_FOLDER.
afterAll(() => {
	if (Container.has(SSHClientsManager)) Container.get(SSHClientsManager).onShutdown();
	const folder = process.env.N8N_USER_FOLDER;
	if (folder) rmSync(folder, { recursive: true, force: true });
});
