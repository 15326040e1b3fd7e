import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	PostReceiveAction,
} from 'n8n-workflow';

import { credentialSecrets } from '../../../credentials/pmockCredentialErrors';
import { RERUN_HINT } from './answerPolicy';
import { Base64ImageSink, imagePlaceholder, isDecodedAnswer, type DecodedAnswer } from './base64Images';
import { boundedAnswer, type AnswerBound } from './boundedAnswer';
import { envelopeCode, envelopeText, fail, failForResponse, type Envelope } from './responseEnvelope';
import { cutText } from './serverText';

/**
 * The answer of an endpoint that answers with the image itself (GPT Image 2's synchronous
 * `POST /ai/openai/v1/images/generations`, OpenAI's images answer
 * `{ created, data: [{ b64_json, revised_prompt?, url? }], usage?, size?, quality?, … }`), turned
 * into n8n binary data through n8n's own helper (so its filesystem and S3 binary modes keep the
 * bytes out of memory), or into the item's error. Its errors come either as pmock's
 * `{ code, message, traceId }` or as OpenAI's `{ error: { message, type, code } }`; both are
 * read by the same answer policy as every other operation (responseEnvelope.ts).
 */

/**
 * The most of an image answer the node reads. The largest documented size, 3840x2160, is
 * 33,177,600 bytes of 8-bit RGBA; a PNG that did not compress at all adds a filter byte per row
 * and a few bytes per deflate block (≈ 33.2 MB), and base64 adds a third (≈ 44.3 MB). 100 MiB
 * takes that with room to spare (even 16 bits per channel, ≈ 88.5 MB in base64) and still
 * refuses what no image of a documented size can be.
 */
export const IMAGE_ANSWER_MAX_BYTES = 100 * 1024 * 1024;

export const IMAGE_ANSWER_BOUND: AnswerBound = {
	maxBytes: IMAGE_ANSWER_MAX_BYTES,
	usual:
		'the largest documented image, 3840x2160, is at most about 45 MB in base64, so no image of a documented size is this large',
	// A success is decoded as it arrives (base64Images.ts); an error is read as text.
	sinkFor: (status, declaredBytes) => (status >= 200 && status <= 299 ? new Base64ImageSink(declaredBytes) : undefined),
};

/** The image formats the node recognises by their first bytes. */
export const IMAGE_FORMATS = {
	png: { mimeType: 'image/png', extension: 'png' },
	jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
	webp: { mimeType: 'image/webp', extension: 'webp' },
} as const;

export type ImageFormat = keyof typeof IMAGE_FORMATS;

/** The format of an image by its magic number, undefined when it is none of PNG, JPEG or WebP. */
export function imageFormatOf(bytes: Buffer): ImageFormat | undefined {
	if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
		return 'png';
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
		return 'webp';
	return undefined;
}

/** The parameter names the answer step reads, per item: where the image goes and what was asked. */
export interface ImageParameters {
	/** The binary property name ("Put Output File in Field"). */
	binaryProperty: string;
	/** The Output Format asked (png, jpeg, webp). */
	outputFormat: string;
	/** The start of the file name, e.g. "gpt-image-2". */
	fileStem: string;
}

/** Text the answer holds about the image, cut like all server text (a revised prompt is a few hundred words). */
const REVISED_PROMPT_MAX = 10_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function parseAnswer(body: unknown): Record<string, unknown> | undefined {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (isObject(body)) return body;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	try {
		const parsed: unknown = JSON.parse(text);
		return isObject(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** OpenAI's `usage` (token counts), numbers only, one level of nesting: nothing else a server sends is kept. */
function usageOf(value: unknown, depth = 0): IDataObject | undefined {
	if (!isObject(value)) return undefined;
	const usage: IDataObject = {};
	for (const [key, entry] of Object.entries(value).slice(0, 20)) {
		const name = cutText(key, 60);
		if (typeof entry === 'number' && Number.isFinite(entry)) usage[name] = entry;
		else if (depth === 0) {
			const nested = usageOf(entry, 1);
			if (nested) usage[name] = nested;
		}
	}
	return Object.keys(usage).length > 0 ? usage : undefined;
}

const textOf = (value: unknown, max = 100) => (typeof value === 'string' ? cutText(value, max) : undefined);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** An image's bytes: decoded as the answer came, or from a value the sink did not see; 'invalid' when it is no base64. */
function imageBytes(value: string, decoded: DecodedAnswer | undefined): Buffer[] | 'invalid' {
	const index = decoded ? decoded.images.findIndex((_image, at) => imagePlaceholder(at) === value) : -1;
	if (decoded && index >= 0) {
		const image = decoded.images[index];
		return image.invalid ? 'invalid' : image.parts;
	}
	if (!BASE64.test(value)) return 'invalid';
	return value === '' ? [] : [Buffer.from(value, 'base64')];
}

/** The first `count` bytes of an image in parts (for its magic number). */
const firstBytes = (parts: Buffer[], count: number) => {
	const taken: Buffer[] = [];
	let length = 0;
	for (const part of parts) {
		if (length >= count) break;
		taken.push(part);
		length += part.length;
	}
	return Buffer.concat(taken).subarray(0, count);
};

/**
 * OpenAI's error shape as pmock's envelope: the HTTP status as `code` (so the answer policy
 * reads it by its status), the message with OpenAI's type and code after it.
 */
function openAiErrorEnvelope(answer: Record<string, unknown>, status: number): Envelope | undefined {
	const { error } = answer;
	if (!isObject(error)) return undefined;
	const kind = [textOf(error.type), textOf(error.code)].filter(Boolean).join(', ');
	const message = envelopeText(error.message);
	return {
		code: status >= 400 ? status : undefined,
		message: [message ?? 'no message', kind ? `(${kind})` : ''].filter(Boolean).join(' '),
		traceId: answer.traceId ?? error.traceId,
	};
}

/** The postReceive step of the synchronous image endpoint: one output item per image, paired with its input item. */
export function outputImage(parameters: ImageParameters): PostReceiveAction {
	return async function outputImageItems(
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		streamed: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		const read = await boundedAnswer(this, streamed, IMAGE_ANSWER_BOUND);
		const decoded = isDecodedAnswer(read.body) ? read.body : undefined;
		// Errors show the answer's text, without its images.
		const response = decoded ? { ...read, body: decoded.json } : read;
		const status = response.statusCode;
		const itemIndex = this.getItemIndex();
		const answer = parseAnswer(response.body);
		const success = status >= 200 && status <= 299;
		// A failure after PMock received the request: fail() adds "may have started (and billed) a
		// task" to its message, the one wording of every operation (the image may have been billed).
		const paid = (message: string, advice = ''): never =>
			fail(this, status, undefined, {
				message,
				advice: [advice, RERUN_HINT].filter(Boolean).join(' '),
				taskMayHaveStarted: true,
			});

		if (answer && isObject(answer.error)) {
			const envelope = openAiErrorEnvelope(answer, status)!;
			if (success) {
				return paid(`PMock answered HTTP ${status} with an error and no image: ${envelope.message as string}`);
			}
			return await failForResponse(this, response, envelope);
		}
		if (answer && !Array.isArray(answer.data) && envelopeCode(answer as Envelope) !== undefined) {
			const code = envelopeCode(answer as Envelope);
			if (!success || code !== 200) return await failForResponse(this, response, answer as Envelope);
			// pmock's success envelope: perhaps a taskId, which must not be lost.
			const data = isObject(answer.data) ? answer.data : {};
			const taskId = textOf(typeof data.taskId === 'number' ? String(data.taskId) : data.taskId, 1000);
			return paid(
				taskId
					? `PMock answered with a taskId (${taskId}) instead of an image`
					: 'PMock reported success but sent no image',
				`The synchronous endpoint answers with the image itself.${taskId ? ` Keep taskId ${taskId}: it names the task in your pmock console.` : ''}`,
			);
		}
		if (!answer || !success) return await failForResponse(this, response, answer as Envelope | undefined);

		const entries = Array.isArray(answer.data) ? answer.data.filter(isObject) : [];
		const images = entries
			.filter((entry) => typeof entry.b64_json === 'string')
			.map((entry) => ({ entry, parts: imageBytes(entry.b64_json as string, decoded) }))
			.filter(({ parts }) => parts === 'invalid' || parts.some((part) => part.length > 0));
		if (images.length === 0) {
			const url = entries.map((entry) => entry.url).find((value) => typeof value === 'string' && value !== '');
			if (typeof url === 'string') {
				const secrets = credentialSecrets(await this.getCredentials('pmockApi'));
				return paid(
					'PMock answered with a link to the image instead of the image itself',
					`The node reads the image from the answer (b64_json) and does not download links (that would be another request, to another host). The image is at: ${cutText(url, 2000, secrets)}. Fetch it with an HTTP Request node (it may expire).`,
				);
			}
			return paid(`PMock answered HTTP ${status} without an image`, 'The answer has no data[].b64_json.');
		}

		const asked = this.getNodeParameter(parameters.outputFormat, '') as string;
		const binaryProperty = String(this.getNodeParameter(parameters.binaryProperty, 'data')).trim();
		const created = typeof answer.created === 'number' && Number.isFinite(answer.created) ? answer.created : undefined;
		const output: INodeExecutionData[] = [];
		for (const [index, { entry, parts }] of images.entries()) {
			if (parts === 'invalid') {
				return paid('PMock answered with an image that is not valid base64');
			}
			delete entry.b64_json;
			const start = firstBytes(parts, 16);
			const format = imageFormatOf(start);
			if (!format) {
				return paid(
					'PMock answered with data that is not a PNG, JPEG or WebP image',
					`Its first bytes: ${start.toString('hex') || '(none)'}.`,
				);
			}
			const size = parts.reduce((sum, part) => sum + part.length, 0);
			const { mimeType, extension } = IMAGE_FORMATS[format];
			const number = images.length > 1 ? `-${index + 1}` : '';
			const fileName = `${parameters.fileStem}-${created ?? Math.floor(Date.now() / 1000)}-item${itemIndex + 1}${number}.${extension}`;
			// One buffer (n8n's scanner allows no 'stream' import); the decoded parts go at once.
			const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
			parts.length = 0;
			const binary = await this.helpers.prepareBinaryData(bytes, fileName, mimeType);
			const json: IDataObject = { fileName, mimeType, fileSize: size, format };
			if (asked && asked !== format) json.formatMismatch = `asked for ${asked}, PMock sent ${format}`;
			const revisedPrompt = textOf(entry.revised_prompt, REVISED_PROMPT_MAX);
			if (revisedPrompt) json.revisedPrompt = revisedPrompt;
			for (const key of ['size', 'quality', 'background'] as const) {
				const value = textOf(answer[key]);
				if (value) json[key] = value;
			}
			const outputFormat = textOf(answer.output_format);
			if (outputFormat) json.outputFormat = outputFormat;
			const usage = usageOf(answer.usage);
			if (usage) json.usage = usage;
			if (created !== undefined) json.created = created;
			output.push({ json, binary: { [binaryProperty]: binary }, pairedItem: { item: itemIndex } });
		}
		return output;
	};
}
