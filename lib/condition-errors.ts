// The errors of table conditions, each pointing at the place in the condition it is about.
//
// PyTables raises Python's SyntaxError, NameError, TypeError and ValueError (numexpr's
// NotImplementedError for an operation a type lacks); JavaScript's nearest builtins are
// SyntaxError, ReferenceError, TypeError and RangeError, which these extend.

/** The message shown for a place in a condition: the problem, then the condition with a caret under it. */
function located(message: string, condition: string, position: number): string {
  const shown = condition.replace(/[\n\r\t\f]/g, ' ');
  return `${message} at position ${position} of the condition\n  ${shown}\n  ${' '.repeat(position)}^`;
}

/** A condition that is not valid syntax (Python's SyntaxError); `code` `'ERR_H5_CONDITION_SYNTAX'`. */
export class ConditionSyntaxError extends SyntaxError {
  /** Always `'ERR_H5_CONDITION_SYNTAX'`. */
  readonly code = 'ERR_H5_CONDITION_SYNTAX';
  /** The condition's text. */
  readonly condition: string;
  /** The 0-based offset in `condition` of the problem. */
  readonly position: number;
  /**
   * Made by h5tables when a condition does not parse.
   * @param message what is wrong
   * @param condition the condition's text
   * @param position the 0-based offset of the problem
   */
  constructor(message: string, condition: string, position: number) {
    super(located(message, condition, position));
    this.name = 'ConditionSyntaxError';
    this.condition = condition;
    this.position = position;
  }
}

/** A name in a condition that is neither a column nor a condvar (Python's NameError); `code` `'ERR_H5_CONDITION_NAME'`. */
export class ConditionNameError extends ReferenceError {
  /** Always `'ERR_H5_CONDITION_NAME'`. */
  readonly code = 'ERR_H5_CONDITION_NAME';
  /** The condition's text. */
  readonly condition: string;
  /** The 0-based offset in `condition` of the unknown name. */
  readonly position: number;
  /** The unknown name. */
  readonly identifier: string;
  /**
   * Made by h5tables when a condition names something unknown.
   * @param identifier the unknown name
   * @param condition the condition's text
   * @param position the 0-based offset of the name
   */
  constructor(identifier: string, condition: string, position: number) {
    super(located(`name '${identifier}' is not defined`, condition, position));
    this.name = 'ConditionNameError';
    this.condition = condition;
    this.position = position;
    this.identifier = identifier;
  }
}

/** An operation a condition applies to types that do not support it (numexpr's TypeError/NotImplementedError). */
export class ConditionTypeError extends TypeError {
  /** Always `'ERR_H5_CONDITION_TYPE'`. */
  readonly code = 'ERR_H5_CONDITION_TYPE';
  /** The condition's text. */
  readonly condition: string;
  /** The 0-based offset in `condition` of the offending operation. */
  readonly position: number;
  /**
   * Made by h5tables when a condition combines types numexpr cannot.
   * @param message what is wrong
   * @param condition the condition's text
   * @param position the 0-based offset of the operation
   */
  constructor(message: string, condition: string, position: number) {
    super(located(message, condition, position));
    this.name = 'ConditionTypeError';
    this.condition = condition;
    this.position = position;
  }
}
