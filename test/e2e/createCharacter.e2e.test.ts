import { bodiesBehind, taskIdsAnswered, useRealN8n } from './helpers/realN8n';

/** Character → Create, POST /ai/sa/create/role, in each pinned real n8n against the sandbox. */
const n8n = useRealN8n();

const CREATE_ROLE = '/ai/sa/create/role';

describe(`Character → Create in real ${n8n.name}`, () => {
	test('only the Video URL: the body holds videoUrl alone, the taskId comes out', async () => {
		const { received, output, error } = await n8n.run({
			parameters: { resource: 'character', operation: 'create', videoUrl: 'https://example.com/clips/mia.mp4' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({
			method: 'POST',
			path: CREATE_ROLE,
			signature: 'valid',
			response: { status: 200 },
		});
		expect(received[0].body).toEqual({ videoUrl: 'https://example.com/clips/mia.mp4' });
		expect(output.map((item) => item.taskId)).toEqual(taskIdsAnswered(received));
	});

	test('every additional field is sent under its spec key, from expressions per item', async () => {
		const { received, output, error } = await n8n.run({
			items: [
				{ clip: 'https://example.com/clips/mia.mp4', name: 'mia' },
				{ clip: 'https://example.com/clips/rex.mp4', name: 'rex' },
			],
			parameters: {
				resource: 'character',
				operation: 'create',
				videoUrl: '={{ $json.clip }}',
				additionalFields: {
					name: '={{ $json.name }}',
					displayName: '={{ $json.name.toUpperCase() }}',
					description: 'A friendly mascot',
					instructionText: 'Always smiles, waves at the camera',
					safetyInstructionText: 'Never shown in danger',
				},
			},
		});
		expect(error).toBeUndefined();
		const common = {
			description: 'A friendly mascot',
			instructionText: 'Always smiles, waves at the camera',
			safetyInstructionText: 'Never shown in danger',
		};
		expect(received).toHaveLength(2);
		expect(output).toHaveLength(2);
		expect(bodiesBehind(received, output)).toEqual([
			{ videoUrl: 'https://example.com/clips/mia.mp4', name: 'mia', displayName: 'MIA', ...common },
			{ videoUrl: 'https://example.com/clips/rex.mp4', name: 'rex', displayName: 'REX', ...common },
		]);
	});

	test('a Video URL that is not http(s) fails before sending: the sandbox receives nothing', async () => {
		const { received, output, error } = await n8n.run({
			parameters: { resource: 'character', operation: 'create', videoUrl: 'file:///home/me/clip.mp4' },
		});
		expect(received).toEqual([]);
		expect(output).toEqual([]);
		expect(error!.message).toMatch(/^Video URL \(videoUrl\) must be an http\(s\) URL, not file/);
		expect(error!.description).toContain('Nothing was sent to PMock');
	});

	test('an API error for the character keeps the API message and traceId', async () => {
		const { received, error } = await n8n.run({
			parameters: { resource: 'character', operation: 'create', videoUrl: 'https://example.com/clips/long.mp4' },
			faults: [{ body: { code: 4003, message: 'video longer than 3 seconds', data: null, traceId: 'trace-e2e-role' } }],
		});
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ path: CREATE_ROLE, fault: true, signature: 'valid' });
		expect(error).toMatchObject({ message: 'PMock returned error code 4003: video longer than 3 seconds' });
		expect(error!.description).toContain('traceId: trace-e2e-role');
	});
});
