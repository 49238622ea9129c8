import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { formatProblem, InputError } from '../core/input-error';

/** The HTTP rendering of an input error: 422 with the file:line:column list. */
@Catch(InputError)
export class InputErrorFilter implements ExceptionFilter {
  catch(error: InputError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(422)
      .send({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: `${error.problems.length} input error(s); nothing was stored`,
        problems: error.problems.map((problem) => ({ ...problem, text: formatProblem(problem) })),
      });
  }
}
