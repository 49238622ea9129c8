import type { FindingDetailDto, FindingDto } from './dto/finding.dto';

/** A finding as lists show it: the projection's item (finding-projection.ts). */
export type FindingView = FindingDto;

/** What the projection writes for GET /findings/:id, before the history and waiver join it. */
export type FindingDetailJson = Omit<FindingDetailDto, 'waiver' | 'history'>;

/** GET /findings/:id: the list item plus what a reviewer needs to decide. */
export type FindingDetailView = FindingDetailDto;
