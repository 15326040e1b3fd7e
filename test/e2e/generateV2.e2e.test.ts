import { generateV2DefaultBody } from '../../dev/harness/defaultBodies';
import { expectNoSecrets } from '../helpers/secrets';
import {
	bodiesBehind,
	exampleWorkflow,
	SANDBOX_KEYS,
	taskIdsAnswered,
	useRealN8n,
	WRONG_SECRET_KEY,
} from './helpers/realN8n';

/**
 * Generate (Sora 2) in each pinned real n8n against the sandbox: each case checks both what the
 * sandbox received and what n8n output, never n8n's exit code alone.
 */
const n8n = useRealN8n();

const V2 = '/ai/sa/video/generate/v2';

/** Neither credential's secret key, nor a signature either made around now, may appear in n8n's output. */
function expectNoSecretsIn(text: string) {
	for (const secretKey of [SANDBOX_KEYS.secretKey, WRONG_SECRET_KEY]) {
		expectNoSecrets(text, SANDBOX_KEYS.accessKey, secretKey);
	}
}

describe(`Generate (Sora 2) in real ${n8n.name}`, () => {
	test('the example workflow from examples/ runs, and the next node reads the taskId', async () => {
		const { received, result, error } = await n8n.execute(exampleWorkflow('pmock-generate-video.json'));
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ path: V2, signature: 'valid', body: { model: 'sora-2', styleId: 'golden' } });
		const [taskId] = taskIdsAnswered(received);
		const next = result.data.resultData.runData['Remember the task'][0].data!.main[0]!;
		expect(next.map((item) => item.json)).toEqual([
			{ taskId, note: `Sora 2 video started as task ${taskId}: look it up in your pmock account` },
		]);
	});

	test('defaults: only a prompt set sends every field with its default, signed with both header pairs', async () => {
		const { received, output, error } = await n8n.run({ parameters: { prompt: 'A lighthouse in a storm' } });
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ method: 'POST', path: V2, signature: 'valid' });
		expect(received[0].headers).toMatchObject({
			'pmock-access-key': SANDBOX_KEYS.accessKey,
			'wuinai-access-key': SANDBOX_KEYS.accessKey,
			'content-type': 'application/json',
		});
		expect(received[0].body).toEqual(generateV2DefaultBody('A lighthouse in a storm'));
		const response = received[0].response.body as { data: { taskId: string }; traceId: string };
		expect(output).toEqual([{ taskId: response.data.taskId, traceId: response.traceId, message: 'success' }]);
	});

	test('every field set is sent exactly, typed as the API wants', async () => {
		const { received, output, error } = await n8n.run({
			parameters: {
				resource: 'video',
				operation: 'generateV2',
				model: 'sora-2',
				prompt: '[0-5s] A fox trots across the snow\n[5-15s] Close-up: the fox looks into the camera',
				styleId: 'kakalaka',
				images: 'https://example.com/fox.jpg',
				orientation: 'portrait',
				duration: 15,
				size: 'small',
				removeWatermark: true,
				storyboard: true,
			},
		});
		expect(error).toBeUndefined();
		expect(received.map((entry) => entry.body)).toEqual([
			{
				model: 'sora-2',
				prompt: '[0-5s] A fox trots across the snow\n[5-15s] Close-up: the fox looks into the camera',
				images: ['https://example.com/fox.jpg'],
				orientation: 'portrait',
				size: 'small',
				duration: 15,
				removeWatermark: true,
				styleId: 'kakalaka',
				storyboard: true,
			},
		]);
		expect(output.map((item) => item.taskId)).toEqual(taskIdsAnswered(received));
	});

	test("three items in: three requests, each item's own taskId out in the item's place", async () => {
		const { received, output, error } = await n8n.run({
			items: [
				{ prompt: 'first', style: 'anime' },
				{ prompt: 'second', style: 'retro' },
				{ prompt: 'third', style: 'news' },
			],
			parameters: { prompt: '={{ $json.prompt }}', styleId: '={{ $json.style }}' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(3);
		expect(new Set(taskIdsAnswered(received)).size).toBe(3);
		expect(output).toHaveLength(3);
		expect(bodiesBehind(received, output)).toEqual([
			expect.objectContaining({ prompt: 'first', styleId: 'anime' }),
			expect.objectContaining({ prompt: 'second', styleId: 'retro' }),
			expect.objectContaining({ prompt: 'third', styleId: 'news' }),
		]);
	});

	test('an API error (code 4001 in HTTP 200) fails the workflow with the API message and traceId', async () => {
		const { received, output, error, result, cli } = await n8n.run({
			parameters: { prompt: 'A costly video' },
			faults: [{ body: { code: 4001, message: 'insufficient balance', data: null, traceId: 'trace-e2e-4001' } }],
		});
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({
			fault: true,
			signature: 'valid',
			body: expect.objectContaining({ prompt: 'A costly video' }),
		});
		expect(output).toEqual([]);
		expect(error).toMatchObject({
			message: 'PMock returned error code 4001: insufficient balance',
			node: { name: 'PMock' },
		});
		expect(error!.description).toContain('traceId: trace-e2e-4001');
		expect(result.data.resultData.lastNodeExecuted).toBe('PMock');
		expectNoSecretsIn(cli.stdout + cli.stderr);
	});

	test('continue on fail: the bad middle item carries its error, the others get taskIds, in order', async () => {
		const { received, output, error } = await n8n.run({
			items: [
				{ prompt: 'good one', seconds: 10 },
				{ prompt: 'bad one', seconds: 12 },
				{ prompt: 'good two', seconds: 15 },
			],
			parameters: { prompt: '={{ $json.prompt }}', duration: '={{ $json.seconds }}' },
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(2);
		expect(output).toHaveLength(3);
		expect(output[1]).toEqual({ error: expect.stringContaining('Duration (duration) cannot be 12') });
		expect(bodiesBehind(received, output)).toEqual([
			expect.objectContaining({ prompt: 'good one', duration: 10 }),
			undefined,
			expect.objectContaining({ prompt: 'good two', duration: 15 }),
		]);
	});

	test('an invalid input fails before anything is sent: the sandbox receives nothing', async () => {
		const { received, output, error } = await n8n.run({
			items: [{ style: 'pixar' }],
			parameters: { prompt: 'A cartoon', styleId: '={{ $json.style }}' },
		});
		expect(received).toEqual([]);
		expect(output).toEqual([]);
		expect(error).toMatchObject({ message: 'Style (styleId) cannot be "pixar"', node: { name: 'PMock' } });
		expect(error!.description).toContain('Nothing was sent to PMock');
	});

	test('a wrong secret key: the sandbox refuses the signature, n8n says to check the keys, no secret leaks', async () => {
		const { received, output, error, cli } = await n8n.run({
			parameters: { prompt: 'A signed request' },
			credential: 'wrongSecret',
		});
		// n8n's request engine retries once after a 401; every attempt is refused.
		expect(received.length).toBeGreaterThanOrEqual(1);
		for (const entry of received) {
			expect(entry).toMatchObject({ path: V2, response: { status: 401 } });
			expect(entry.signature).toMatch(/signature verification failed/);
		}
		expect(output).toEqual([]);
		expect(error).toMatchObject({ message: 'PMock rejected the credentials (HTTP 401)' });
		expectNoSecretsIn(cli.stdout + cli.stderr);
	});
});
