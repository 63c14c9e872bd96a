// Whether the only pointer is a finger (a phone or a tablet without a mouse): the page then speaks
// of tapping, never of dragging files, F8 or Ctrl, which such a device does not have.
export function touchOnly(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches && !matchMedia('(any-pointer: fine)').matches;
}
