import type { FastifyRequest } from 'fastify';
import { BadRequestError } from '../shared/errors.js';
import { problemDetails } from '../shared/messages.js';

/** The file of a small CSV import: a text/csv body, or the "file" part of a multipart body. */
export async function csvBodyOf(req: FastifyRequest): Promise<Buffer> {
  if (req.isMultipart()) {
    for await (const part of req.parts()) {
      if (part.type === 'file' && part.fieldname === 'file') return part.toBuffer();
      if (part.type === 'file') part.file.resume();
    }
    throw new BadRequestError(problemDetails.noFilePart());
  }
  const body = req.body;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  throw new BadRequestError(problemDetails.csvOrMultipart());
}
