import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { testPmockApiCredential } from './credentialTest';
import { OPERATIONS } from './operations';
import { toolDescriptions } from './shared/aiTool';
import { nodeProperties, subtitleOf } from './shared/operation';

export class Pmock implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PMock',
		name: 'pmock',
		// The dark variant is drawn for n8n's dark theme: lighter tile, dark strokes.
		icon: { light: 'file:pmock.svg', dark: 'file:pmock.dark.svg' },
		group: ['transform'],
		// 2, not 1: the form's parameter names changed during development (before any release),
		// and workflows saved then with version 2 keep working.
		version: 2,
		// The canvas shows the operation under the node: "Generate (Sora 2 with Styles): Video".
		subtitle: subtitleOf(OPERATIONS),
		description:
			'Generate Sora 2, Sora 2 Pro, Veo 3.1 and Grok Imagine videos, Nano Banana, GPT Image 2 and Grok Imagine images, Suno music and lyrics, and characters with the pmock AI API',
		defaults: { name: 'PMock' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pmockApi', required: true, testedBy: 'pmockApiTest' }],
		requestDefaults: {
			// No baseURL here: the credential sets it per request from its Base URL field (once
			// per item without an expression to evaluate; see PmockApi.authenticate).
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
			// Every status reaches the operation's postReceive step, which knows pmock's envelope.
			ignoreHttpStatusErrors: true,
			// A redirect is an answer, never followed: following it would hand the signed headers
			// (and, on 307/308, the body) to whatever host it names.
			disableFollowRedirect: true,
			// The body as a stream, read by the envelope step: at most 1 MB of it, within the
			// Timeout (shared/boundedAnswer.ts), then parsed so that a numeric taskId keeps every digit.
			encoding: 'stream',
		},
		// Resource, Operation and every operation's fields (operations.ts), then what an AI Agent
		// reads about PMock Tool (shared/aiTool.ts).
		properties: [...nodeProperties(OPERATIONS, 'video'), ...toolDescriptions(OPERATIONS)],
	};

	methods = {
		credentialTest: { pmockApiTest: testPmockApiCredential },
	};
}
