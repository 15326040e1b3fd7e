import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';

import type { IDataObject } from 'n8n-workflow';

import { manualTriggerNode } from '../../dev/harness/workflowNodes';
import { CREDENTIALS, taskIdsAnswered, useRealN8n } from './helpers/realN8n';

/**
 * PMock Tool driven by n8n's AI Agent, its chat model (OpenAI Chat Model) pointed at a fake
 * OpenAI-compatible server on 127.0.0.1 that answers with scripted tool calls and records what
 * the model is given: the tool's description, and the tool's result or error, which is all a
 * model reads of a failure.
 */
const n8n = useRealN8n();

const OPENAI = { id: 'e2eFakeOpenAi', name: 'Fake OpenAI on 127.0.0.1' };

interface ChatRequest {
	messages: Array<{ role: string; content?: unknown }>;
	tools?: Array<{ function: { name: string; description: string } }>;
	stream?: boolean;
}

/** The fake model: calls the tool once with `toolArguments`, then answers "done". */
class FakeModel {
	requests: ChatRequest[] = [];

	toolArguments: IDataObject = {};

	private server?: Server;

	get baseUrl(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
	}

	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			void readJson(req).then((body) => {
				const request = body as ChatRequest;
				this.requests.push(request);
				const toolName = request.tools?.[0]?.function.name ?? 'missing';
				const answered = request.messages.some((message) => message.role === 'tool');
				const message = answered
					? { role: 'assistant', content: 'done' }
					: {
							role: 'assistant',
							content: null,
							tool_calls: [
								{
									id: 'call_1',
									type: 'function',
									function: { name: toolName, arguments: JSON.stringify(this.toolArguments) },
								},
							],
						};
				const finish = answered ? 'stop' : 'tool_calls';
				const base = { id: 'chatcmpl-1', created: 1, model: 'gpt-4o-mini' };
				if (request.stream) {
					res.writeHead(200, { 'content-type': 'text/event-stream' });
					const delta = answered
						? message
						: { role: 'assistant', tool_calls: [{ index: 0, ...message.tool_calls![0] }] };
					const chunk = (choice: IDataObject) =>
						res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`);
					chunk({ index: 0, delta, finish_reason: null });
					chunk({ index: 0, delta: {}, finish_reason: finish });
					res.end('data: [DONE]\n\n');
					return;
				}
				res.writeHead(200, { 'content-type': 'application/json' }).end(
					JSON.stringify({
						...base,
						object: 'chat.completion',
						choices: [{ index: 0, message, finish_reason: finish }],
						usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
					}),
				);
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise((resolve) => this.server?.close(resolve));
	}

	/** What the model was given as the tool's result, as text. */
	toolResult(): string {
		const tool = this.requests.flatMap((request) => request.messages).find((message) => message.role === 'tool');
		return typeof tool?.content === 'string' ? tool.content : JSON.stringify(tool?.content);
	}
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

const model = new FakeModel();
beforeAll(async () => {
	await model.start();
	await n8n.importOtherCredential('openAiApi', OPENAI, { apiKey: 'sk-fake', url: model.baseUrl });
}, 120_000);
afterAll(() => model.stop());

let workflows = 0;

/** Manual trigger → AI Agent (its model the fake, PMock Tool its tool), run with `n8n execute`. */
async function runAgent(toolArguments: IDataObject, faults: Parameters<typeof n8n.execute>[1] = []) {
	model.requests = [];
	model.toolArguments = toolArguments;
	const id = `e2eAgent${++workflows}${Date.now().toString(36)}`;
	const workflow = {
		id,
		name: `e2e ${id}`,
		active: false,
		nodes: [
			manualTriggerNode(id),
			{
				id: `${id}-agent`,
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3,
				position: [200, 0],
				parameters: { promptType: 'define', text: 'Make a short video of a paper boat', options: {} },
			},
			{
				id: `${id}-model`,
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [200, 200],
				parameters: { model: { __rl: true, value: 'gpt-4o-mini', mode: 'list' }, options: {} },
				credentials: { openAiApi: OPENAI },
			},
			{
				id: `${id}-pmock`,
				name: 'PMock',
				type: 'n8n-nodes-pmock.pmockTool',
				typeVersion: 2,
				position: [400, 200],
				parameters: {
					sora2Prompt: "={{ $fromAI('prompt', 'What the video shows') }}",
					styleId: "={{ $fromAI('style', 'The video style') }}",
				},
				credentials: { pmockApi: CREDENTIALS.sandbox },
			},
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			PMock: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
	return await n8n.execute(workflow, faults);
}

describe(`PMock Tool under an AI Agent, in real ${n8n.name}`, () => {
	test('the model is told the tool spends credit, returns a taskId and the video comes later; a call starts one task', async () => {
		const { received, error } = await runAgent({ prompt: 'a paper boat', style: 'retro' });
		expect(error).toBeUndefined();
		const [tool] = model.requests[0].tools!;
		expect(tool.function.description).toContain('Each call spends pmock credit');
		expect(tool.function.description).toContain('returns its taskId at once; the video itself is made later');
		expect(received).toHaveLength(1);
		expect(received[0].body).toMatchObject({ prompt: 'a paper boat', styleId: 'retro' });
		expect(model.toolResult()).toContain(taskIdsAnswered(received)[0]);
	});

	test('a refused value: nothing is sent, and the model reads the allowed values and what to fix', async () => {
		const { received, error } = await runAgent({ prompt: 'a paper boat', style: 'noir' });
		expect(received).toHaveLength(0);
		// The refusal is the tool's result: the agent's run goes on (n8n 2.8.4 ends it on a thrown tool error).
		expect(error).toBeUndefined();
		// The tool's result as the model reads it: its output items as JSON.
		const [result] = JSON.parse(model.toolResult()) as Array<{ error: string; taskMayHaveStarted: boolean }>;
		expect(result).toEqual({
			error:
				'Style (styleId) cannot be "noir". Allowed: one of anime, selfie, golden, handheld, festive, retro, news, chaos, vintage, comic, kakalaka, sitcom. Nothing was sent and no credit was spent: fix "style" and call again.',
			taskMayHaveStarted: false,
		});
	});

	test('an HTTP 500: the model reads that a task may have started', async () => {
		const { received, error } = await runAgent({ prompt: 'a paper boat', style: 'retro' }, [
			{ status: 500, body: { code: 500, message: 'internal error', data: null, traceId: 't-agent' } },
		]);
		expect(received).toHaveLength(1);
		expect(error).toBeUndefined();
		const result = model.toolResult();
		console.log(`${n8n.name}: the model read after an HTTP 500: ${result}`);
		expect(JSON.parse(result)).toEqual([
			expect.objectContaining({
				error: expect.stringContaining('PMock server error (HTTP 500)'),
				taskMayHaveStarted: true,
				traceId: 't-agent',
			}),
		]);
	});
});
