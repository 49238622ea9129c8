import { BadRequestException, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

/** A list property of a DTO and the most items it may hold. */
interface ListLimit {
  property: string;
  max: number;
  message?: string;
}

const limitsByClass = new WeakMap<object, ListLimit[]>();

/** The `@ArrayMaxSize` limits a DTO class declares, read once from class-validator's metadata. */
function listLimits(metatype: new (...args: never[]) => unknown): ListLimit[] {
  let limits = limitsByClass.get(metatype);
  if (!limits) {
    limits = getMetadataStorage()
      .getTargetValidationMetadatas(metatype, '', true, false)
      .filter((meta) => meta.type === ValidationTypes.CUSTOM_VALIDATION && meta.name === 'arrayMaxSize')
      .map((meta) => ({
        property: meta.propertyName,
        max: meta.constraints[0] as number,
        message: typeof meta.message === 'string' ? meta.message : undefined,
      }));
    limitsByClass.set(metatype, limits);
  }
  return limits;
}

/**
 * Nest's ValidationPipe, with the cheap checks first: a list longer than its DTO allows is
 * refused before class-transformer builds an object per item and class-validator checks each
 * (work that grows with the list, and with some validators its square). A 100,000-id bulk
 * request is then a 400 in microseconds instead of seconds of a blocked event loop.
 */
export class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metadata.type === 'body' && metatype && value !== null && typeof value === 'object') {
      for (const limit of listLimits(metatype as new () => unknown)) {
        const list = (value as Record<string, unknown>)[limit.property];
        if (Array.isArray(list) && list.length > limit.max) {
          throw new BadRequestException(
            `${limit.message ?? `${limit.property} must contain no more than ${limit.max} elements`}; this one has ${list.length}`,
          );
        }
      }
    }
    return super.transform(value, metadata);
  }
}
