/**
 * The query language of the query console and of breakpoint conditions: JEXL expressions evaluated
 * over the model, with names for its collections and helpers, and errors that say where and what.
 */
package org.mmscope.model.query;
