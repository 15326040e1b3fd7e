import { randomBytes } from 'crypto';

import { Base64ImageSink, imagePlaceholder } from '../nodes/Pmock/shared/base64Images';

/**
 * The image answer's streaming decoder (nodes/Pmock/shared/base64Images.ts): whatever the chunk
 * boundaries, the bytes of every b64_json value come out whole and the rest of the JSON is kept
 * with placeholders.
 */

const decodeIn = (text: string, chunkSize: number, declared?: (bytes: number) => number) => {
	const sink = new Base64ImageSink(declared?.(Buffer.byteLength(text)));
	const bytes = Buffer.from(text, 'utf8');
	for (let at = 0; at < bytes.length; at += chunkSize) sink.write(bytes.subarray(at, at + chunkSize));
	return sink.end();
};

describe('Base64ImageSink', () => {
	const first = randomBytes(1001);
	const second = randomBytes(30);
	const answer = `\uFEFF{"created": 5, "data": [ {"b64_json" :  "${first.toString('base64').replace(/\//g, '\\/')}", "revised_prompt": "é ✓"}, {"b64_json":"${second.toString('base64')}"} ], "usage": {"total_tokens": 3}}`;

	test.each(
		[1, 2, 3, 5, 7, 64, 65, 4096].flatMap((size) => [
			[size, 'no length announced', undefined],
			[size, 'its length announced', (bytes: number) => bytes],
			[size, 'a shorter length announced', (bytes: number) => Math.floor(bytes / 3)],
		]) as Array<[number, string, ((bytes: number) => number) | undefined]>,
	)('chunks of %i bytes, %s: both images whole, the JSON kept with placeholders', (size, _case, declared) => {
		const { json, images } = decodeIn(answer, size, declared);
		expect(images.map((image) => image.invalid)).toStrictEqual([false, false]);
		expect(Buffer.concat(images[0].parts).equals(first)).toBe(true);
		expect(Buffer.concat(images[1].parts).equals(second)).toBe(true);
		expect(JSON.parse(json)).toStrictEqual({
			created: 5,
			data: [{ b64_json: imagePlaceholder(0), revised_prompt: 'é ✓' }, { b64_json: imagePlaceholder(1) }],
			usage: { total_tokens: 3 },
		});
	});

	test.each([
		['a character base64 has not', '"abc!"'],
		['a length that is no multiple of 4', '"abcde"'],
		['data after the padding', '"ab==abcd"'],
	])('%s: invalid', (_case, value) => {
		const { images } = decodeIn(`{"data":[{"b64_json":${value}}]}`, 3);
		expect(images).toMatchObject([{ parts: [], bytes: 0, invalid: true }]);
		expect(images).toHaveLength(1);
	});

	test('an answer without images is kept as it is', () => {
		const text = '{"error":{"message":"no","type":"x"}}';
		expect(decodeIn(text, 4)).toStrictEqual({ json: text, images: [] });
	});
});
