/**
 * The service's one source of "now": scans judge suppressions, adequacy and certificates by it,
 * and waivers expire by it. Tests give a fixed clock, so no verdict depends on the day they run.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that says what it is told (tests, replaying a day). */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }

  now(): Date {
    return new Date(this.instant);
  }

  set(instant: Date): void {
    this.instant = instant;
  }
}
