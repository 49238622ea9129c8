import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** The projects table's own rule for names (migration 0001), checked before it reaches SQL. */
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

@Injectable()
export class ProjectNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PROJECT_NAME.test(value))
      throw new BadRequestException(
        'project must be 1 to 200 letters, digits, dots, dashes or underscores, starting with a letter or digit',
      );
    return value;
  }
}
