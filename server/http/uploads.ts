import type { Request, RequestHandler, Response } from 'express';
import { DomainError } from '../domain/errors';

/**
 * Runs a multer upload, then `handle` with its outcome. A refused or broken upload (too large, a
 * body cut off mid-file, no boundary, a malformed part) reaches `handle` as `uploadError`, so the
 * form can be shown again with the problem, instead of falling through to the error handler as a 500.
 */
export const withUpload =
  (upload: RequestHandler, handle: (req: Request, res: Response, uploadError: unknown) => void): RequestHandler =>
  (req, res, next) => {
    void upload(req, res, (uploadError?: unknown) => {
      try {
        handle(req, res, uploadError);
      } catch (unexpected) {
        next(unexpected);
      }
    });
  };

/** What went wrong with an upload, in the words of the form it came from ("Choose one .csv file…"). */
export const uploadProblem = (error: unknown, maxBytes: number, choose: string): DomainError =>
  (error as { code?: string }).code === 'LIMIT_FILE_SIZE'
    ? new DomainError('invalid_payload', `Nothing was imported: the file is larger than ${maxBytes / 1024 / 1024} MB.`)
    : new DomainError('invalid_payload', `Nothing was imported: the upload could not be read (it may have been cut off). ${choose}`);
