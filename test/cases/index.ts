import { gptImageImageCases, gptImageTaskCases } from './image.generateGptImage';
import type { OperationCases } from './types';

/**
 * Every operation's row, one file each beside this one (`<resource>.<operation>.ts`).
 * test/operationCases.test.ts fails when an operation of the node has no row here.
 */
export const OPERATION_CASES: OperationCases[] = [gptImageTaskCases, gptImageImageCases];
