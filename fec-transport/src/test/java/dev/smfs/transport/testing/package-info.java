/** Test support shared by fec-transport's tests: a leak-checking buffer allocator. */
package dev.smfs.transport.testing;
