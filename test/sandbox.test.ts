import { pmockAuthHeaders } from '../credentials/pmockSignature';
import { ENDPOINTS } from '../sandbox/endpoints';
import { checkRequestSignature } from '../sandbox/signature';
import { SandboxServer, type LoggedRequest } from '../sandbox/sandboxServer';

/**
 * The sandbox that `npm start` and the e2e tests use: the signature it demands, the body rules
 * of its endpoints (each operation's bodies meet them: test/operationCases.test.ts), its request log and its fault queue, over real HTTP on 127.0.0.1.
 */
const ACCESS_KEY = 'ak-sandbox-test';
const SECRET_KEY = 'sk-sandbox-test';

const sandbox = new SandboxServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY });
beforeAll(async () => {
	await sandbox.start();
});
afterAll(async () => {
	await sandbox.stop();
});
beforeEach(() => sandbox.reset());

interface Answer {
	status: number;
	body: { code: number; message: string; data: { taskId?: string } | null; traceId: string };
}

async function call(
	path: string,
	body: unknown,
	{
		headers = pmockAuthHeaders(ACCESS_KEY, SECRET_KEY),
		method = 'POST',
	}: { headers?: Record<string, string>; method?: string } = {},
): Promise<Answer> {
	const response = await fetch(`${sandbox.baseUrl}${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
	const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: await response.json() };
}

const V2 = '/ai/sa/video/generate/v2';
const V1 = '/ai/sa/video/generate';
const ROLE = '/ai/sa/create/role';

const everyV2Field = {
	model: 'sora-2',
	prompt: 'A red fox in the snow',
	images: ['https://example.com/fox.jpg'],
	orientation: 'portrait',
	size: 'small',
	duration: 15,
	removeWatermark: true,
	styleId: 'kakalaka',
	storyboard: true,
};

describe('signature', () => {
	const minute = Date.UTC(2026, 0, 1, 12, 0, 0);

	test('accepts both header pairs signed this minute or the previous one, refuses older', () => {
		const now = pmockAuthHeaders(ACCESS_KEY, SECRET_KEY, minute + 30_000);
		const previous = pmockAuthHeaders(ACCESS_KEY, SECRET_KEY, minute - 1);
		const older = pmockAuthHeaders(ACCESS_KEY, SECRET_KEY, minute - 61_000);
		expect(checkRequestSignature(now, ACCESS_KEY, SECRET_KEY, minute + 59_000)).toEqual({ ok: true });
		expect(checkRequestSignature(previous, ACCESS_KEY, SECRET_KEY, minute + 59_000)).toEqual({ ok: true });
		expect(checkRequestSignature(older, ACCESS_KEY, SECRET_KEY, minute + 59_000)).toMatchObject({ ok: false });
	});

	test('requires both header pairs, each valid, as the credential sends them', () => {
		const signed = pmockAuthHeaders(ACCESS_KEY, SECRET_KEY, minute);
		const pmockOnly = {
			'pmock-access-key': signed['pmock-access-key'],
			'pmock-access-token': signed['pmock-access-token'],
		};
		const wuinaiOnly = {
			'wuinai-access-key': signed['wuinai-access-key'],
			'wuinai-access-token': signed['wuinai-access-token'],
		};
		expect(checkRequestSignature(signed, ACCESS_KEY, SECRET_KEY, minute)).toEqual({ ok: true });
		expect(checkRequestSignature(pmockOnly, ACCESS_KEY, SECRET_KEY, minute)).toEqual({
			ok: false,
			reason: 'missing header wuinai-access-key',
		});
		expect(checkRequestSignature(wuinaiOnly, ACCESS_KEY, SECRET_KEY, minute)).toEqual({
			ok: false,
			reason: 'missing header pmock-access-key',
		});
		const badWuinai = {
			...signed,
			'wuinai-access-token': pmockAuthHeaders(ACCESS_KEY, 'wrong', minute)['wuinai-access-token'],
		};
		expect(checkRequestSignature(badWuinai, ACCESS_KEY, SECRET_KEY, minute)).toMatchObject({
			ok: false,
			reason: expect.stringContaining('wuinai-access-token'),
		});
		expect(
			checkRequestSignature({ ...signed, 'pmock-access-key': 'other' }, ACCESS_KEY, SECRET_KEY, minute),
		).toMatchObject({
			ok: false,
			reason: 'unknown access key in pmock-access-key',
		});
	});

	test('answers 401 in pmock envelope to a wrong secret key, without echoing the signature', async () => {
		const headers = pmockAuthHeaders(ACCESS_KEY, 'not-the-secret');
		const answer = await call(V2, everyV2Field, { headers });
		expect(answer).toMatchObject({ status: 401, body: { code: 401, data: null, traceId: expect.any(String) } });
		expect(answer.body.message).toMatch(/signature verification failed/);
		const [logged] = sandbox.requests;
		expect(logged.signature).toMatch(/signature verification failed/);
		expect(JSON.stringify(logged)).not.toContain(headers['pmock-access-token']);
		expect(logged.headers['pmock-access-token']).toBe('[redacted]');
	});

	test('answers 401 to an unsigned request', async () => {
		const answer = await call(V2, everyV2Field, { headers: {} });
		expect(answer).toMatchObject({
			status: 401,
			body: { code: 401, message: 'Unauthorized: missing header pmock-access-key' },
		});
	});
});

describe('POST /ai/sa/video/generate/v2', () => {
	test('accepts every field and answers a taskId in pmock envelope', async () => {
		const answer = await call(V2, everyV2Field);
		expect(answer).toEqual({
			status: 200,
			body: {
				code: 200,
				message: 'success',
				data: { taskId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
				traceId: expect.any(String),
			},
		});
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0]).toMatchObject({
			method: 'POST',
			path: V2,
			body: everyV2Field,
			signature: 'valid',
			fault: false,
		});
		expect(sandbox.requests[0].response.body).toEqual(answer.body);
	});

	test('accepts the required fields alone, and a prompt of exactly 5000 characters', async () => {
		expect((await call(V2, { model: 'sora-2', prompt: 'x' })).body.code).toBe(200);
		expect((await call(V2, { model: 'sora-2', prompt: 'x'.repeat(5000) })).body.code).toBe(200);
		expect((await call(V2, { model: 'sora-2', prompt: 'x', duration: '10' })).body.code).toBe(200);
	});

	test.each([
		[{ prompt: 'x' }, 'model must not be null'],
		[{ model: 'sora-2-pro', prompt: 'x' }, 'model must be one of "sora-2", got "sora-2-pro"'],
		[{ model: 'sora-2' }, 'prompt must not be null'],
		[{ model: 'sora-2', prompt: '  ' }, 'prompt must not be blank'],
		[{ model: 'sora-2', prompt: 'x'.repeat(5001) }, 'prompt length must be less than or equal to 5000, got 5001'],
		[
			{ model: 'sora-2', prompt: 'x', images: ['https://a/1.jpg', 'https://a/2.jpg'] },
			'images supports at most 1 image, got 2',
		],
		[
			{ model: 'sora-2', prompt: 'x', images: ['ftp://a/1.jpg'] },
			'images[0] must be an http(s) URL, got "ftp://a/1.jpg"',
		],
		[{ model: 'sora-2', prompt: 'x', images: 'https://a/1.jpg' }, 'images must be an array of URLs'],
		[
			{ model: 'sora-2', prompt: 'x', orientation: 'square' },
			'orientation must be one of "landscape", "portrait", got "square"',
		],
		[{ model: 'sora-2', prompt: 'x', size: 'large' }, 'size must be one of "small", got "large"'],
		[{ model: 'sora-2', prompt: 'x', duration: 12 }, 'duration must be one of 10, 15, got 12'],
		[{ model: 'sora-2', prompt: 'x', duration: 25 }, 'duration must be one of 10, 15, got 25'],
		[{ model: 'sora-2', prompt: 'x', removeWatermark: 'yes' }, 'removeWatermark must be a boolean, got "yes"'],
		[
			{ model: 'sora-2', prompt: 'x', styleId: 'pixar' },
			expect.stringContaining('styleId must be one of "anime", "selfie"'),
		],
		[{ model: 'sora-2', prompt: 'x', storyboard: 1 }, 'storyboard must be a boolean, got 1'],
	])('refuses %j with code 400 in HTTP 200', async (body, message) => {
		const answer = await call(V2, body);
		expect(answer).toMatchObject({ status: 200, body: { code: 400, message, data: null } });
	});

	test('refuses a body that is not a JSON object', async () => {
		expect((await call(V2, '{not json')).body).toMatchObject({ code: 400, message: 'Request body is not valid JSON' });
		expect((await call(V2, [1])).body).toMatchObject({ code: 400, message: 'Request body must be a JSON object' });
		expect((await call(V2, {})).body).toMatchObject({ code: 400, message: 'model must not be null' });
	});
});

describe('POST /ai/sa/video/generate (v1)', () => {
	test.each([
		[{ model: 'sora-2', prompt: 'x', size: 'small', duration: 10 }],
		[
			{
				model: 'sora-2-pro',
				prompt: 'x',
				size: 'large',
				duration: 25,
				orientation: 'portrait',
				removeWatermark: true,
				images: ['http://a/b.png'],
			},
		],
		[{ model: 'sora-2-pro', prompt: 'x', duration: 15 }],
	])('accepts %j', async (body) => {
		expect((await call(V1, body)).body).toMatchObject({ code: 200, data: { taskId: expect.any(String) } });
	});

	test.each([
		[{ model: 'sora-3', prompt: 'x' }, 'model must be one of "sora-2", "sora-2-pro", got "sora-3"'],
		[{ model: 'sora-2', prompt: 'x', size: 'large' }, 'size "large" is only available with model sora-2-pro'],
		[{ model: 'sora-2', prompt: 'x', duration: 15 }, 'duration must be one of 10, got 15'],
		[{ model: 'sora-2-pro', prompt: 'x', duration: 20 }, 'duration must be one of 10, 15, 25, got 20'],
		[{ model: 'sora-2-pro', prompt: 'x', size: 'medium' }, 'size must be one of "small", "large", got "medium"'],
	])('refuses %j', async (body, message) => {
		expect((await call(V1, body)).body).toMatchObject({ code: 400, message });
	});
});

describe('POST /ai/sa/create/role', () => {
	test('accepts a video URL with every text field', async () => {
		const body = {
			videoUrl: 'https://example.com/cat.mp4',
			name: 'whiskers',
			displayName: 'Whiskers',
			description: 'A grey cat',
			instructionText: 'Always curious',
			safetyInstructionText: 'No violence',
		};
		expect((await call(ROLE, body)).body).toMatchObject({ code: 200, data: { taskId: expect.any(String) } });
		expect(sandbox.requests[0].body).toEqual(body);
	});

	test.each([
		[{ name: 'x' }, 'videoUrl must not be null'],
		[{ videoUrl: 'cat.mp4' }, 'videoUrl is not a valid URL: "cat.mp4"'],
		[{ videoUrl: 'https://example.com/cat.mp4', displayName: 7 }, 'displayName must be a string'],
	])('refuses %j', async (body, message) => {
		expect((await call(ROLE, body)).body).toMatchObject({ code: 400, message });
	});
});

const VEO = '/ai/gi/video/generate';
const IMAGE = '/ai/gi/image/generate';

describe('POST /ai/gi/video/generate (Veo 3.1)', () => {
	const urls = (count: number) => Array.from({ length: count }, (_, index) => `https://example.com/${index + 1}.png`);

	test.each([
		['the required fields alone', { prompt: 'x', action: 'text2video', model: 'veo3_fast' }],
		[
			'every optional field',
			{ prompt: 'x', action: 'text2video', model: 'veo31_quality', aspectRatio: '9:16', translation: true },
		],
		['text2video with an empty imageList', { prompt: 'x', action: 'text2video', model: 'veo2_fast', imageList: [] }],
		['img2video with 1 URL', { prompt: 'x', action: 'img2video', model: 'veo2_quality', imageList: urls(1) }],
		['img2video with 2 URLs', { prompt: 'x', action: 'img2video', model: 'veo31_fast', imageList: urls(2) }],
		[
			'the ingredients model with text2video and 3 URLs',
			{ prompt: 'x', action: 'text2video', model: 'veo31_fast_ingredients', imageList: urls(3) },
		],
		[
			'the ingredients model with img2video and 3 URLs',
			{ prompt: 'x', action: 'img2video', model: 'veo31_fast_ingredients', imageList: urls(3) },
		],
		['get1080p with a videoId', { prompt: 'x', action: 'get1080p', model: 'veo3_quality', videoId: 'v-1' }],
		[
			'get1080p with the ingredients model and no imageList',
			{ prompt: 'x', action: 'get1080p', model: 'veo31_fast_ingredients', videoId: 'v-1' },
		],
		[
			'get1080p with an aspect ratio (not prohibited)',
			{ prompt: 'x', action: 'get1080p', model: 'veo3_fast', videoId: 'v-1', aspectRatio: '1:1' },
		],
	])('accepts %s', async (_case, body) => {
		expect((await call(VEO, body)).body).toMatchObject({ code: 200, data: { taskId: expect.any(String) } });
	});

	test.each([
		[{ action: 'text2video', model: 'veo3_fast' }, 'prompt must not be null'],
		[{ prompt: '', action: 'text2video', model: 'veo3_fast' }, 'prompt must not be blank'],
		[{ prompt: 'x', model: 'veo3_fast' }, 'action must not be null'],
		[
			{ prompt: 'x', action: 'upscale', model: 'veo3_fast' },
			'action must be one of "text2video", "img2video", "get1080p", got "upscale"',
		],
		[{ prompt: 'x', action: 'text2video' }, 'model must not be null'],
		[
			{ prompt: 'x', action: 'text2video', model: 'veo4' },
			expect.stringContaining('model must be one of "veo3_fast", "veo2_fast"'),
		],
		[
			{ prompt: 'x', action: 'text2video', model: 'veo3_fast', videoId: 'v-1' },
			'videoId is only allowed with action get1080p, got action "text2video"',
		],
		[
			{ prompt: 'x', action: 'img2video', model: 'veo3_fast', imageList: urls(1), videoId: '' },
			'videoId is only allowed with action get1080p, got action "img2video"',
		],
		[{ prompt: 'x', action: 'get1080p', model: 'veo3_fast' }, 'videoId must not be null'],
		[{ prompt: 'x', action: 'get1080p', model: 'veo3_fast', videoId: ' ' }, 'videoId must not be blank'],
		[
			{ prompt: 'x', action: 'img2video', model: 'veo3_fast' },
			'action img2video requires an imageList of 1 to 2 URLs, got 0',
		],
		[
			{ prompt: 'x', action: 'img2video', model: 'veo3_fast', imageList: urls(3) },
			'action img2video requires an imageList of 1 to 2 URLs, got 3',
		],
		[
			{ prompt: 'x', action: 'text2video', model: 'veo31_fast_ingredients' },
			'model veo31_fast_ingredients requires an imageList of 1 to 3 URLs, got 0',
		],
		[
			{ prompt: 'x', action: 'img2video', model: 'veo31_fast_ingredients', imageList: urls(4) },
			'model veo31_fast_ingredients requires an imageList of 1 to 3 URLs, got 4',
		],
		[
			{ prompt: 'x', action: 'text2video', model: 'veo3_fast', imageList: urls(1) },
			'imageList must be omitted or empty with action "text2video" and model "veo3_fast"',
		],
		[
			{ prompt: 'x', action: 'get1080p', model: 'veo31_fast_ingredients', videoId: 'v-1', imageList: urls(1) },
			'imageList must be omitted or empty with action "get1080p" and model "veo31_fast_ingredients"',
		],
		[
			{ prompt: 'x', action: 'img2video', model: 'veo3_fast', imageList: ['ftp://a/1.png'] },
			'imageList[0] must be an http(s) URL, got "ftp://a/1.png"',
		],
		[
			{ prompt: 'x', action: 'img2video', model: 'veo3_fast', imageList: 'https://a/1.png' },
			'imageList must be an array of URLs',
		],
		[
			{ prompt: 'x', action: 'text2video', model: 'veo3_fast', aspectRatio: '21:9' },
			'aspectRatio must be one of "16:9", "9:16", "1:1", "3:4", "4:3", got "21:9"',
		],
		[
			{ prompt: 'x', action: 'text2video', model: 'veo3_fast', translation: 'no' },
			'translation must be a boolean, got "no"',
		],
	])('refuses %j', async (body, message) => {
		expect(await call(VEO, body)).toMatchObject({ status: 200, body: { code: 400, message, data: null } });
	});
});

describe('POST /ai/gi/image/generate (Nano Banana)', () => {
	test.each([
		['the required fields alone', { prompt: 'x', action: 'generate', numImages: 1 }],
		[
			'every field, edit',
			{
				prompt: 'x',
				action: 'edit',
				numImages: 1,
				model: 'nano-banana-pro',
				resolution: '4K',
				imageUrls: ['https://example.com/a.png', 'http://example.com/b.png'],
				aspectRatio: '21:9',
			},
		],
		[
			'a resolution with the fast model',
			{ prompt: 'x', action: 'generate', numImages: 1, model: 'nano-banana-fast', resolution: '4K' },
		],
		[
			'image URLs with generate (not prohibited)',
			{ prompt: 'x', action: 'generate', numImages: 1, imageUrls: ['https://example.com/a.png'] },
		],
	])('accepts %s', async (_case, body) => {
		expect((await call(IMAGE, body)).body).toMatchObject({ code: 200, data: { taskId: expect.any(String) } });
	});

	test.each([
		[{ action: 'generate', numImages: 1 }, 'prompt must not be null'],
		[{ prompt: 'x', numImages: 1 }, 'action must not be null'],
		[{ prompt: 'x', action: 'create', numImages: 1 }, 'action must be one of "edit", "generate", got "create"'],
		[{ prompt: 'x', action: 'generate' }, 'numImages must not be null'],
		[{ prompt: 'x', action: 'generate', numImages: 2 }, 'numImages must be 1 (only 1 image is supported), got 2'],
		[{ prompt: 'x', action: 'generate', numImages: '1' }, 'numImages must be 1 (only 1 image is supported), got "1"'],
		[
			{ prompt: 'x', action: 'generate', numImages: 1, model: 'nano-banana' },
			'model must be one of "nano-banana-fast", "nano-banana-pro", got "nano-banana"',
		],
		[
			{ prompt: 'x', action: 'generate', numImages: 1, resolution: '8K' },
			'resolution must be one of "1K", "2K", "4K", got "8K"',
		],
		[{ prompt: 'x', action: 'edit', numImages: 1 }, 'imageUrls is required when the action is edit'],
		[{ prompt: 'x', action: 'edit', numImages: 1, imageUrls: [] }, 'imageUrls is required when the action is edit'],
		[
			{ prompt: 'x', action: 'edit', numImages: 1, imageUrls: ['data:image/png;base64,AA=='] },
			'imageUrls[0] must be an http(s) URL, got "data:image/png;base64,AA=="',
		],
		[
			{ prompt: 'x', action: 'generate', numImages: 1, aspectRatio: '7:3' },
			expect.stringContaining('aspectRatio must be one of "21:9", "1:1"'),
		],
	])('refuses %j', async (body, message) => {
		expect(await call(IMAGE, body)).toMatchObject({ status: 200, body: { code: 400, message, data: null } });
	});
});

const SUNO = '/ai/sn/audio/generate';
const LYRICS = '/ai/sn/lyrics/generate';

describe('POST /ai/sn/audio/generate (Suno)', () => {
	const clip = { clipId: 'c-1' };
	test.each([
		['create with task and model alone', { task: 'create', model: 'chirp-v35' }],
		[
			"every key of the page's example body, replace_section",
			{
				task: 'replace_section',
				model: 'chirp-45+',
				makeInstrumental: false,
				prompt: 'p',
				continuedAlignedPrompt: 'c',
				infillLyrics: 'i',
				gptDescriptionPrompt: 'g',
				tags: 'pop, rock',
				negativeTags: ['metal'],
				title: 't',
				clipId: 'c-1',
				range: { start: 10, end: 10 },
				infillContextRange: { start: 0, end: 60 },
				persona: { personaId: 'p-1', artistClipId: 'a-1' },
				controls: { styleWeight: 0, audioWeight: 1, weirdnessConstraint: 0.5 },
				vocalGender: 'f',
			},
		],
		['extend from a second', { task: 'extend', model: 'chirp-v50', ...clip, continueAt: 0 }],
		['stems of a clip', { task: 'gen_stem_all', model: 'chirp-v45-lite', ...clip }],
	])('accepts %s', async (_case, body) => {
		expect((await call(SUNO, body)).body).toMatchObject({ code: 200, data: { taskId: expect.any(String) } });
	});

	test.each([
		[{ model: 'chirp-v50' }, 'task must not be null'],
		[{ task: 'create' }, 'model must not be null'],
		[{ task: 'remix', model: 'chirp-v50' }, expect.stringContaining('task must be one of "create", "extend"')],
		[{ task: 'create', model: 'chirp-v55' }, expect.stringContaining('model must be one of "chirp-v35"')],
		[{ task: 'cover', model: 'chirp-v50' }, 'clipId must not be null'],
		[{ task: 'cover', model: 'chirp-v50', clipId: ' ' }, 'clipId must not be blank'],
		[{ task: 'add_vocals', model: 'chirp-v50', ...clip }, 'range must not be null'],
		[
			{ task: 'add_vocals', model: 'chirp-v50', ...clip, range: { start: 20, end: 10 } },
			'range.end should be >= range.start',
		],
		[
			{ task: 'add_vocals', model: 'chirp-v50', ...clip, range: { start: -1, end: 10 } },
			'range.start must be a number of seconds >= 0, got -1',
		],
		[{ task: 'cover', model: 'chirp-v50', ...clip, continueAt: 5 }, expect.stringContaining('continueAt is only used')],
		[
			{
				task: 'add_vocals',
				model: 'chirp-v50',
				...clip,
				range: { start: 0, end: 9 },
				infillContextRange: { start: 0, end: 9 },
			},
			'infillContextRange is only used with task replace_section',
		],
		[
			{ task: 'create', model: 'chirp-v50', persona: { personaId: 'p' } },
			'persona needs both personaId and artistClipId',
		],
		[
			{ task: 'create', model: 'chirp-v50', controls: { styleWeight: 1.2 } },
			'controls.styleWeight must be a number between 0 and 1, got 1.2',
		],
		[{ task: 'create', model: 'chirp-v50', vocalGender: 'x' }, 'vocalGender must be one of "m", "f", got "x"'],
		[
			{ task: 'create', model: 'chirp-v50', makeInstrumental: 'true' },
			'makeInstrumental must be a boolean, got "true"',
		],
	])('refuses %j', async (body, message) => {
		expect(await call(SUNO, body)).toMatchObject({ status: 200, body: { code: 400, message, data: null } });
	});
});

describe('POST /ai/sn/lyrics/generate (Suno)', () => {
	test.each(['default', 'remiV1'])('accepts lyrics model %s with a prompt', async (lyricsModel) => {
		expect((await call(LYRICS, { lyricsModel, prompt: 'p' })).body).toMatchObject({ code: 200 });
	});

	test.each([
		[{ prompt: 'p' }, 'lyricsModel must not be null'],
		[{ lyricsModel: 'remiV2', prompt: 'p' }, 'lyricsModel must be one of "default", "remiV1", got "remiV2"'],
		[{ lyricsModel: 'default' }, 'prompt must not be null'],
		[{ lyricsModel: 'default', prompt: '' }, 'prompt must not be blank'],
	])('refuses %j', async (body, message) => {
		expect(await call(LYRICS, body)).toMatchObject({ status: 200, body: { code: 400, message, data: null } });
	});
});

describe('other paths', () => {
	test('an unknown endpoint and a wrong method answer in pmock envelope', async () => {
		expect(await call('/ai/sa/video/status', {})).toMatchObject({ status: 404, body: { code: 404 } });
		expect(await call(V2, undefined, { method: 'GET' })).toMatchObject({ status: 405, body: { code: 405 } });
	});
});

describe('control endpoints', () => {
	test('GET /__sandbox/requests lists what the API received, DELETE clears it', async () => {
		await call(V2, { model: 'sora-2', prompt: 'first' });
		await call(ROLE, { videoUrl: 'https://example.com/v.mp4' });
		const listed = await control('GET', '/requests');
		expect((listed.body as LoggedRequest[]).map((entry) => [entry.seq, entry.path, entry.response.status])).toEqual([
			[1, V2, 200],
			[2, ROLE, 200],
		]);
		expect(await control('DELETE', '/requests')).toEqual({ status: 200, body: { cleared: true } });
		expect((await control('GET', '/requests')).body).toEqual([]);
	});

	test('POST /__sandbox/faults answers the next requests with queued faults, then normally', async () => {
		const rateLimited = { code: 429, message: 'too many requests', data: null, traceId: 'trace-429' };
		expect(
			await control('POST', '/faults', { status: 429, body: rateLimited, headers: { 'retry-after': '1' } }),
		).toEqual({
			status: 200,
			body: { queued: 1 },
		});
		const first = await fetch(`${sandbox.baseUrl}${V2}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...pmockAuthHeaders(ACCESS_KEY, SECRET_KEY) },
			body: JSON.stringify({ model: 'sora-2', prompt: 'x' }),
		});
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('1');
		expect(await first.json()).toEqual(rateLimited);
		expect((await call(V2, { model: 'sora-2', prompt: 'x' })).body.code).toBe(200);
		expect(sandbox.requests.map((entry) => entry.fault)).toEqual([true, false]);
	});

	test('a list of faults, one restricted to a path, and a fault in HTTP 200', async () => {
		await control('POST', '/faults', [
			{ path: ROLE, status: 500, body: 'upstream exploded' },
			{ body: { code: 4001, message: 'insufficient balance', data: null, traceId: 't' } },
		]);
		expect((await call(V2, { model: 'sora-2', prompt: 'x' })).body).toMatchObject({
			code: 4001,
			message: 'insufficient balance',
		});
		expect((await control('GET', '/faults')).body).toEqual([{ path: ROLE, status: 500, body: 'upstream exploded' }]);
		const role = await fetch(`${sandbox.baseUrl}${ROLE}`, {
			method: 'POST',
			headers: pmockAuthHeaders(ACCESS_KEY, SECRET_KEY),
			body: '{}',
		});
		expect([role.status, await role.text()]).toEqual([500, 'upstream exploded']);
		expect(await control('DELETE', '/faults')).toEqual({ status: 200, body: { cleared: true } });
	});

	test('a fault with whenBody answers only the request whose body matches, whatever the order', async () => {
		sandbox.queueFaults([
			{ whenBody: { prompt: 'item 2' }, status: 500, body: { code: 500, message: 'down', data: null, traceId: 't' } },
		]);
		const first = await call(V2, { model: 'sora-2', prompt: 'item 1' });
		const second = await call(V2, { model: 'sora-2', prompt: 'item 2' });
		expect([first.status, second.status]).toStrictEqual([200, 500]);
		expect(sandbox.faults).toHaveLength(0);
	});

	test('a fault can hang up before answering or halfway through the body, after a delay', async () => {
		sandbox.queueFaults([{ hangUp: 'before-headers', delayMs: 50 }, { hangUp: 'mid-body' }]);
		await expect(call(V2, { model: 'sora-2', prompt: 'a' })).rejects.toThrow();
		await expect(call(V2, { model: 'sora-2', prompt: 'b' })).rejects.toThrow();
		expect(sandbox.requests.map((entry) => [entry.fault, entry.response.status])).toStrictEqual([
			[true, 0],
			[true, 0],
		]);
		expect((await call(V2, { model: 'sora-2', prompt: 'c' })).status).toBe(200);
	});

	test('a responder answers every correctly signed request, on any path, in place of the endpoints', async () => {
		sandbox.reset((request, index) => ({
			status: 201,
			body: { code: 200, message: `answer ${index + 1} for ${request.url}`, data: { taskId: 't' }, traceId: 'x' },
		}));
		const first = await fetch(`${sandbox.url}/gateway/api${V2}`, {
			method: 'POST',
			headers: pmockAuthHeaders(ACCESS_KEY, SECRET_KEY),
			body: '{}',
		});
		const second = await call(V2, { not: 'validated' });
		expect([first.status, ((await first.json()) as Answer['body']).message]).toEqual([
			201,
			`answer 1 for /gateway/api${V2}`,
		]);
		expect(second.body.message).toBe(`answer 2 for /api${V2}`);
		expect(sandbox.requests.map((entry) => [entry.url, entry.path, entry.fault])).toEqual([
			[`/gateway/api${V2}`, `/gateway/api${V2}`, true],
			[`/api${V2}`, V2, true],
		]);
		const unsigned = await call(V2, {}, { headers: {} });
		expect(unsigned.status).toBe(401);
		sandbox.reset();
		expect((await call(V2, { model: 'sora-2' })).body.message).toBe('prompt must not be null');
	});

	test('peakInFlight counts the requests held at once', async () => {
		sandbox.reset(() => ({
			delayMs: 100,
			body: { code: 200, message: 'success', data: { taskId: 't' }, traceId: 'x' },
		}));
		await Promise.all([1, 2, 3].map((n) => call(V2, { n })));
		expect(sandbox.peakInFlight).toBe(3);
	});

	test('a fault answers only a correctly signed request: a wrongly signed one gets 401 and leaves it queued', async () => {
		const balance = { code: 4001, message: 'insufficient balance', data: null, traceId: 'trace-4001' };
		await control('POST', '/faults', { body: balance });

		const wrong = await call(
			V2,
			{ model: 'sora-2', prompt: 'x' },
			{ headers: pmockAuthHeaders(ACCESS_KEY, 'not-the-secret') },
		);
		expect(wrong).toMatchObject({
			status: 401,
			body: { code: 401, message: expect.stringMatching(/signature verification failed/) },
		});
		const unsigned = await call(V2, { model: 'sora-2', prompt: 'x' }, { headers: {} });
		expect(unsigned).toMatchObject({
			status: 401,
			body: { code: 401, message: 'Unauthorized: missing header pmock-access-key' },
		});
		expect((await control('GET', '/faults')).body).toEqual([{ body: balance }]);

		const signed = await call(V2, { model: 'sora-2', prompt: 'x' });
		expect(signed).toEqual({ status: 200, body: balance });
		expect((await control('GET', '/faults')).body).toEqual([]);

		expect(
			sandbox.requests.map(({ fault, signature, response }) => ({ fault, signature, status: response.status })),
		).toEqual([
			{ fault: false, signature: expect.stringMatching(/signature verification failed/), status: 401 },
			{ fault: false, signature: 'missing header pmock-access-key', status: 401 },
			{ fault: true, signature: 'valid', status: 200 },
		]);
	});

	test('refuses a fault that is not an object', async () => {
		expect((await control('POST', '/faults', 'nope')).status).toBe(400);
		expect((await control('GET', '/nothing')).status).toBe(404);
	});
});

describe("the sandbox's Grok Imagine rules, from pmock's pages", () => {
	const video = ENDPOINTS.find((endpoint) => endpoint.path === '/ai/xai/video/generate')!;
	const image = ENDPOINTS.find((endpoint) => endpoint.path === '/ai/xai/image/generate')!;
	const urls = (count: number) => Array.from({ length: count }, (_, index) => `https://example.com/${index}.png`);

	test.each([
		['no model', { prompt: 'p' }, 'model must not be null'],
		['a blank prompt', { prompt: ' ', model: 'grok-imagine-video' }, 'prompt must not be blank'],
		[
			'duration as a number (the page types it a string)',
			{ prompt: 'p', model: 'grok-imagine-video', duration: 6 },
			'duration must be one of',
		],
		[
			'6 images',
			{ prompt: 'p', model: 'grok-imagine-video', images: urls(6) },
			'images supports at most 5 images, got 6',
		],
		[
			'resolution 1080P',
			{ prompt: 'p', model: 'grok-imagine-video', resolution: '1080P' },
			'resolution must be one of',
		],
	])('video: %s is refused', (_case, body, message) => {
		expect(() => video.validate(body)).toThrow(message);
	});

	test('video: images with an aspect ratio and resolution are accepted (pmock ignores them)', () => {
		expect(() =>
			video.validate({
				prompt: 'p',
				model: 'grok-imagine-video',
				images: urls(5),
				aspectRatio: '1:1',
				resolution: '480P',
			}),
		).not.toThrow();
	});

	test.each([
		['the video model', { prompt: 'p', model: 'grok-imagine-video' }, 'model must be one of "grok-imagine-image"'],
		[
			'2 images',
			{ prompt: 'p', model: 'grok-imagine-image', images: urls(2) },
			'images supports at most 1 image, got 2',
		],
		[
			'aspect ratio 4:3',
			{ prompt: 'p', model: 'grok-imagine-image', aspectRatio: '4:3' },
			'aspectRatio must be one of',
		],
	])('image: %s is refused', (_case, body, message) => {
		expect(() => image.validate(body)).toThrow(message);
	});
});
