import type { FastifyRequest } from 'fastify';
import { BadRequestError } from '../shared/errors.js';
import { discardStaged, type StagedFile } from '../shared/staging.js';
import { problemDetails } from '../shared/messages.js';

/**
 * Reads a multipart upload: the one `file` part is staged to disk (by `stage`, which hashes it
 * and enforces the size limit), every other part is a field. Fields may come before or after
 * the file. Throws 400 without exactly one `file` part; nothing is left on disk on failure.
 */
export async function readMultipartFile(
  req: FastifyRequest,
  stage: (stream: NodeJS.ReadableStream) => Promise<StagedFile>,
): Promise<{ fields: Record<string, string>; staged: StagedFile; fileName?: string }> {
  if (!req.isMultipart()) throw new BadRequestError(problemDetails.multipartRequired());
  const fields: Record<string, string> = {};
  let staged: StagedFile | undefined;
  let fileName: string | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || staged) {
          part.file.resume();
          throw new BadRequestError(problemDetails.oneFilePart());
        }
        staged = await stage(part.file);
        fileName = part.filename;
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (err) {
    if (staged) await discardStaged(staged);
    throw err;
  }
  if (!staged) throw new BadRequestError(problemDetails.noFilePart());
  return { fields, staged, fileName };
}
