import { expectRefused } from './helpers/expectRefused';
import { expectSignedPost, operationRunner, useSandbox } from './helpers/sandbox';

const ACCESS_KEY = 'ak-character-test';
const SECRET_KEY = 'sk-character-test';
const PATH = '/ai/sa/create/role';
const CLIP = 'https://cdn.example.com/clips/rex.mp4';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const create = operationRunner(server, { resource: 'character', operation: 'create' });

const refused = (parameters: Record<string, unknown>) =>
	expectRefused((options) => create(parameters, options), server);

describe('Character → Create request', () => {
	test('only a video URL: sends just videoUrl, signed, to /ai/sa/create/role and outputs the taskId', async () => {
		server.reset(() => ({
			body: { code: 200, message: 'success', data: { taskId: 'role-task-1' }, traceId: 'trace-role' },
		}));
		const output = await create({ videoUrl: CLIP });

		expect(server.requests).toHaveLength(1);
		const [request] = server.requests;
		expectSignedPost(request, PATH, ACCESS_KEY);
		expect(JSON.parse(request.rawBody)).toStrictEqual({ videoUrl: CLIP });
		expect(output).toStrictEqual([
			{ json: { taskId: 'role-task-1', traceId: 'trace-role', message: 'success' }, pairedItem: { item: 0 } },
		]);
	});

	test('every field: each sent under its spec key', async () => {
		await create({
			videoUrl: CLIP,
			additionalFields: {
				name: 'rex',
				displayName: 'Rex the Corgi',
				description: 'A cheerful corgi with a red scarf',
				instructionText: 'Always wears the red scarf',
				safetyInstructionText: 'Never shown in danger',
			},
		});
		expect(JSON.parse(server.requests[0].rawBody)).toStrictEqual({
			videoUrl: CLIP,
			name: 'rex',
			displayName: 'Rex the Corgi',
			description: 'A cheerful corgi with a red scarf',
			instructionText: 'Always wears the red scarf',
			safetyInstructionText: 'Never shown in danger',
		});
	});

	test('optional fields added but left blank are not sent', async () => {
		await create({
			videoUrl: CLIP,
			additionalFields: { name: 'rex', displayName: '', description: '   ', instructionText: '={{ null }}' },
		});
		expect(JSON.parse(server.requests[0].rawBody)).toStrictEqual({ videoUrl: CLIP, name: 'rex' });
	});

	test('values from expressions, per item; a number is sent as text', async () => {
		server.reset((request) => ({
			body: {
				code: 200,
				message: 'ok',
				data: { taskId: `task-${(request.body as { name: string }).name}` },
				traceId: 't',
			},
		}));
		const output = await create(
			{ videoUrl: '={{ $json.clip }}', additionalFields: { name: '={{ $json.name }}' } },
			{
				items: [
					{ clip: 'https://example.com/a.mp4', name: 'alpha' },
					{ clip: 'http://example.com/b.mp4', name: 7 },
				],
			},
		);
		const bodies = server.requests.map((request) => request.body);
		expect(bodies).toEqual(
			expect.arrayContaining([
				{ videoUrl: 'https://example.com/a.mp4', name: 'alpha' },
				{ videoUrl: 'http://example.com/b.mp4', name: '7' },
			]),
		);
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['task-alpha', 'task-7']);
	});

	test('a video URL with a space is sent percent-encoded', async () => {
		await create({ videoUrl: ' https://example.com/my clip.mp4 ' });
		expect(server.requests[0].body).toStrictEqual({ videoUrl: 'https://example.com/my%20clip.mp4' });
	});
});

describe('Character → Create validation: nothing is sent for invalid input', () => {
	test.each([
		['missing', {}, 'Video URL (videoUrl) is empty'],
		['blank', { videoUrl: '  ' }, 'Video URL (videoUrl) is empty'],
		[
			'ftp URL',
			{ videoUrl: 'ftp://example.com/c.mp4' },
			'Video URL (videoUrl) must be an http(s) URL, not ftp: "ftp://example.com/c.mp4"',
		],
		[
			'file URL',
			{ videoUrl: 'file:///tmp/c.mp4' },
			'Video URL (videoUrl) must be an http(s) URL, not file: "file:///tmp/c.mp4"',
		],
		['plain text', { videoUrl: 'my clip' }, 'Video URL (videoUrl) is not a valid URL: "my clip"'],
		[
			'a list from an expression',
			{ videoUrl: `={{ ["${CLIP}"] }}` },
			`Video URL (videoUrl) must be a URL, not ["${CLIP}"]`,
		],
	])('video URL %s', async (_case, parameters, message) => {
		const error = await refused(parameters);
		expect(error.message).toBe(message);
		expect(error.description).toMatch(
			/Allowed: a public http:\/\/ or https:\/\/ address, e\.g\. https:\/\/example\.com\/clip\.mp4\./,
		);
	});

	test('an optional field that is not text is refused, naming it', async () => {
		const error = await refused({ videoUrl: CLIP, additionalFields: { displayName: '={{ { first: "Rex" } }}' } });
		expect(error.message).toBe('Display Name (displayName) must be text, not object');
		expect(error.description).toContain('Allowed: text, or leave the field out.');
	});
});
