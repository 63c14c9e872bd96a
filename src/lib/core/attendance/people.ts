// The roster's people as the sign-in matching needs them: ID key, mobile, name and unit of each row.
import type { Roster } from '../check';
import type { Located } from '../locate';
import { cleanName } from '../normalize';
import { mobileNumber } from '../mobile';
import type { RosterPerson } from './reconcile';

export function rosterPeople(roster: Roster, located: Pick<Located, 'firstDataRow' | 'columns'>): { people: RosterPerson[]; hasIdColumn: boolean } {
  const col = (name: string) => located.columns[name];
  const [nameCol, unitCol, mobileCol, idCol] = [col('姓名'), col('工作单位'), col('手机号码'), col('证件号码')];
  const text = (r: number, c: number | undefined) => (c === undefined ? '' : roster.cell(r, c));
  const people: RosterPerson[] = [];
  for (let r = located.firstDataRow; r < roster.rowCount; r++) {
    if (roster.isDeleted(r)) continue;
    const name = cleanName(text(r, nameCol));
    const id = roster.idKey(r);
    const mobile = mobileNumber(text(r, mobileCol));
    if (!name && id === null && mobile === null) continue;
    people.push({ row: r + 1, id, mobile, name, unit: cleanName(text(r, unitCol)) });
  }
  return { people, hasIdColumn: idCol !== undefined };
}
