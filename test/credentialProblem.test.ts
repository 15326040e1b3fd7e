import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { PmockApi } from '../credentials/PmockApi.credentials';
import {
	checkedCredential,
	credentialProblem,
	isCredentialProblem,
	PmockCredentialError,
} from '../credentials/pmockCredentialErrors';
import { runPmockNode } from '../dev/harness/runPmockNode';
import { failureOf } from './helpers/failures';
import { credentialsFor, useSandbox } from './helpers/sandbox';

/**
 * A credential that cannot sign is a PmockCredentialError, recognised by its class where it
 * survives n8n's wrapping and by what n8n keeps of it where it does not: the node then says
 * that nothing was sent, never that a task may have started.
 */

const ACCESS_KEY = 'ak-credential-problem';
const SECRET_KEY = 'sk-credential-problem-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const node: INode = {
	id: 'n1',
	name: 'PMock',
	type: 'n8n-nodes-pmock.pmock',
	typeVersion: 2,
	position: [0, 0],
	parameters: {},
};

/** What n8n-core does with an error `authenticate` throws (httpRequestWithAuthentication, 2.8 and 2.41). */
const wrappedByN8n = (error: Error) => new NodeApiError(node, error as never);

describe('PmockCredentialError', () => {
	test.each([
		['empty keys', { accessKey: '', secretKey: '' }],
		['an access key with a space', { accessKey: 'ak with space', secretKey: 's' }],
		['a Base URL that is not http(s)', { accessKey: 'a', secretKey: 's', baseUrl: 'ftp://example.com' }],
	])('checkedCredential and authenticate throw one for %s', async (_case, data) => {
		expect(() => checkedCredential(data)).toThrow(PmockCredentialError);
		await expect(new PmockApi().authenticate(data, { url: '/x' })).rejects.toBeInstanceOf(PmockCredentialError);
	});

	test('it is recognised by its class, whatever its message says (a problem another helper adds)', () => {
		const problem = credentialProblem('Signs only for the Base URL’s origin');
		expect(isCredentialProblem(problem)).toBe(true);
		// n8n 2.41 keeps it as the cause of its NodeApiError.
		expect(isCredentialProblem(new Error('wrapped', { cause: problem }))).toBe(true);
		// A copy of the class from another copy of the module still carries the mark.
		const fromAnotherCopy = Object.assign(new Error('Anything at all'), { pmockCredentialProblem: true });
		expect(isCredentialProblem(new Error('wrapped', { cause: fromAnotherCopy }))).toBe(true);
	});

	test('where n8n drops the cause (2.8), the message it keeps still tells, whatever it says', () => {
		const wrapped = wrappedByN8n(credentialProblem('Signs only for the origin of https://gateway.example.com'));
		expect(wrapped.message).toBe('Signs only for the origin of https://gateway.example.com');
		expect(isCredentialProblem(wrapped)).toBe(true);
		// And the openings every problem's message starts with, when nothing else is left.
		expect(isCredentialProblem(new Error('The PMock API credential has an odd problem'))).toBe(true);
	});

	test.each([
		['a network error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
		['n8n’s wrapper of a network error', wrappedByN8n(new Error('connect ECONNREFUSED 127.0.0.1:1'))],
		['an error that only names the credential', new Error('Check the Base URL in the PMock API credential')],
		['nothing', undefined],
	])('%s is not a credential problem', (_case, error) => {
		expect(isCredentialProblem(error)).toBe(false);
	});

	test('through the node: nothing is sent, the item says no task started, the message is the problem', async () => {
		const error = await failureOf(
			runPmockNode({
				parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: 'p' },
				credentials: credentialsFor(server, { secretKey: '   ' }),
			}),
		);
		expect(server.requests).toHaveLength(0);
		expect(error.message).toBe(
			'The PMock API credential has an empty Access Key or Secret Key: open the credential and paste both keys from your pmock console',
		);
		expect(error.context?.taskMayHaveStarted).toBe(false);
	});
});
