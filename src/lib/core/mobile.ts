// Mobile numbers of mainland China: the formatting slips that are fixes, not errors.
import { compactCode } from './normalize';

/**
 * An 11-digit mobile number as the roster wants it. libphonenumber's CN metadata lists every
 * mobile range under 13–19 (https://github.com/google/libphonenumber,
 * resources/PhoneNumberMetadata.xml, territory CN, <mobile>); we accept the whole 1[3-9] block, so
 * a newly opened range is never called wrong.
 */
export const MOBILE = /^1[3-9]\d{9}$/;

/** A landline: 0 + area code and number, or a local number of 7–8 digits. */
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$|^[2-8]\d{6,7}$/;

/** Separators people type inside a number: hyphens and dashes, brackets, dots. */
const SEPARATORS = /[-()（）.\u2010-\u2015\u2212]/g;

/**
 * China's country calling code before an 11-digit number: +86, 0086 (the international prefix is
 * 00, per libphonenumber's CN metadata) or a bare 86 (from "86-138…").
 */
const COUNTRY_CODE = /^(?:\+|00)?86(?=1\d{10}$)/;

/**
 * The 11-digit mobile number a cell means, with full-width digits, spaces, separators and a
 * country code removed; null when it is not a mobile number at all.
 */
export function mobileNumber(value: string): string | null {
  if (MOBILE.test(value)) return value;
  const digits = compactCode(value).replace(SEPARATORS, '').replace(COUNTRY_CODE, '');
  return MOBILE.test(digits) ? digits : null;
}

/** True when the cell holds a landline number (after full-width characters and spaces). */
export function isLandline(value: string): boolean {
  return LANDLINE.test(compactCode(value));
}
