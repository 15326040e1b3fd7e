import { lineRequest, newestLine, selectLines, type N8nLine } from '../harness/lines';

/**
 * The n8n lines `npm run test:queue` runs in: the newest pinned line unless PMOCK_N8N (or
 * `--n8n`) names others, e.g. PMOCK_N8N=2.8 for 2.8.4 or PMOCK_N8N=all for every line.
 */
export function queueLines(request: string | undefined = lineRequest()): N8nLine[] {
	return request && request.trim() !== '' ? selectLines(request) : [newestLine()];
}
