/**
 * Exported models: {@link dev.udpm.core.model.ModelExporter} writes a SavedModel and, last, its manifest;
 * {@link dev.udpm.core.model.ModelLoader} verifies ({@link dev.udpm.core.model.ManifestVerifier}) and loads it into
 * a {@link dev.udpm.core.model.UdpmModel}, the single owner of the native bundle;
 * {@link dev.udpm.core.model.TinyModels} makes tiny random models for other modules' tests.
 */
package dev.udpm.core.model;
