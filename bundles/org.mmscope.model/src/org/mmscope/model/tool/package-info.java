/** Command-line front end of the model: snapshot a scenario, diff two snapshots, query a snapshot. */
package org.mmscope.model.tool;
