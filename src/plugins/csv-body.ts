import type { FastifyRequest } from 'fastify';
import { problemDetails } from '../shared/messages.js';
import { BadRequestError } from '../shared/errors.js';

/** The file of a small CSV import: a text/csv body, or the "file" part of a multipart body. */
export async function csvBodyOf(req: FastifyRequest): Promise<Buffer> {
  return (await csvFileOf(req)).buf;
}

/** The file of a small CSV import with its name (multipart only; null for a text/csv body). */
export async function csvFileOf(req: FastifyRequest): Promise<{ buf: Buffer; fileName: string | null }> {
  if (req.isMultipart()) {
    for await (const part of req.parts()) {
      if (part.type === 'file' && part.fieldname === 'file') return { buf: await part.toBuffer(), fileName: part.filename || null };
      if (part.type === 'file') part.file.resume();
    }
    throw new BadRequestError(problemDetails.noFilePart());
  }
  const body = req.body;
  if (Buffer.isBuffer(body)) return { buf: body, fileName: null };
  if (typeof body === 'string') return { buf: Buffer.from(body), fileName: null };
  throw new BadRequestError(problemDetails.csvOrMultipart());
}
