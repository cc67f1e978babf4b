/** Configuration and helpers shared by the worker's packages: instance identity, CloudEvents headers, JSON. */
package dev.udpm.worker.config;
