// The express application: JSON bodies, the API routes, and errors as `{error}` with a status.
import express, { type NextFunction, type Request, type Response } from 'express';
import { RequestError } from '../errors.ts';
import type { PipelineScheduler } from '../pipeline/run-pipeline.ts';
import type { Storage } from '../storage/storage.ts';
import { mountRoutes } from './routes.ts';

/** Phones upload their usercache in batches of thousands of entries; e-mission accepts large posts too. */
const BODY_LIMIT = '64mb';

function sendError(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const parserError = error as { type?: string; status?: number; message?: string };
  let status = 500;
  let message = 'internal error';
  if (error instanceof RequestError) {
    status = error.status;
    message = error.message;
  } else if (parserError.type === 'entity.parse.failed') {
    status = 400;
    message = `malformed JSON body: ${parserError.message}`;
  } else if (typeof parserError.status === 'number' && parserError.status < 500) {
    status = parserError.status;
    message = parserError.message ?? 'bad request';
  } else {
    console.error(error);
  }
  if (res.headersSent) return void res.destroy();
  res.status(status).json({ error: message });
}

/**
 * Builds the app over a store; the caller listens.
 * @example createApp(store, pipeline).listen(8080, '127.0.0.1')
 */
export function createApp(store: Storage, pipeline: PipelineScheduler): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Every body is read as JSON whatever its content type: phones and load tools do not all set it.
  app.use(express.json({ limit: BODY_LIMIT, type: () => true }));
  const router = express.Router();
  mountRoutes(router, store, pipeline);
  app.use(router);
  app.use(function notFound(_req: Request, res: Response) {
    res.status(404).json({ error: 'no such endpoint' });
  });
  app.use(sendError);
  return app;
}
