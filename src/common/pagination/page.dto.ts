import { type Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** The largest page any list serves. */
export const MAX_PAGE = 500;
const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${MAX_PAGE}`;

/** `?limit=&cursor=`: what every list takes to page (lists add their own filters). */
export class PageQuery {
  @ApiPropertyOptional({ maximum: MAX_PAGE, minimum: 1, description: 'items per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(MAX_PAGE, { message: LIMIT_MESSAGE })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const pageClasses = new Map<ClassType<unknown>, ClassType<Page<unknown>>>();

/** The OpenAPI shape of a page of `item`s, one class per item type. */
export function PageOf<T>(item: ClassType<T>): ClassType<Page<T>> {
  let page = pageClasses.get(item);
  if (!page) {
    class ItemPage {
      @ApiProperty({ type: [item] })
      items!: T[];

      @ApiProperty({ type: String, nullable: true, description: 'null on the last page' })
      nextCursor!: string | null;
    }
    Object.defineProperty(ItemPage, 'name', { value: `${item.name.replace(/Dto$/, '')}Page` });
    page = ItemPage as ClassType<Page<unknown>>;
    pageClasses.set(item, page);
  }
  return page as ClassType<Page<T>>;
}
