import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'vigil:public';

/** Routes anyone may call without a token (health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
