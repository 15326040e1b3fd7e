import { ENDPOINTS } from '../sandbox/endpoints';
import { audioGenerateLyrics } from './cases/audio.generateLyrics';
import { audioGenerateMusic } from './cases/audio.generateMusic';
import { expectRefused } from './helpers/expectRefused';
import { operationRunner, theOneBodySent, useSandbox } from './helpers/sandbox';

/**
 * Audio → Generate Music (Suno) and Generate Lyrics (Suno), driven by their rows of the case
 * table: each sent case through n8n-core's RoutingNode in node version 2, its exact body
 * checked and accepted by the sandbox's reading of pmock's page; each refused case refused
 * with its message, nothing sent.
 */

const server = useSandbox('ak-suno-test', 'sk-suno-test');

describe.each([audioGenerateMusic, audioGenerateLyrics])('$resource / $operation', (row) => {
	const run = operationRunner(server, { resource: row.resource, operation: row.operation });
	const endpoint = ENDPOINTS.find((candidate) => candidate.path === row.path)!;

	test.each(row.sends)('sends: $title', async ({ parameters, body }) => {
		const output = await run(parameters, { typeVersion: 2 });
		expect(theOneBodySent(server, endpoint)).toStrictEqual(body);
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['task-1']);
	});

	test.each(row.refuses)('refuses: $title', async ({ parameters, message }) => {
		const error = await expectRefused((options) => run(parameters, { typeVersion: 2, ...options }), server);
		if (typeof message === 'string') expect(error.message).toContain(message);
		else expect(error.message).toMatch(message);
	});
});
