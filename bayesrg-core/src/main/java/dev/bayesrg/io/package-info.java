/**
 * Files: atomic writes (temporary file + rename), NumPy {@code .npy} arrays (float64, C order) that
 * Python reads with one {@code numpy.load}, CSV tables, JSON, and the run-directory convention
 * (a directory is marked {@code INCOMPLETE} until its last file is written). Plain data in, plain
 * files out; nothing here knows about networks.
 */
package dev.bayesrg.io;
