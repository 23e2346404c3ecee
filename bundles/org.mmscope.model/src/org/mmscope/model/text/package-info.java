/** Readable one-line texts for model objects, WinDbg-style, shared by labels, views and query results. */
package org.mmscope.model.text;
