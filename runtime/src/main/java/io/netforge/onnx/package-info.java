/**
 * ONNX export of a model's evaluation graph (docs/deploy.md); {@code io.netforge.onnx.proto} holds the classes
 * protoc generates from ONNX's own {@code onnx.proto}.
 */
package io.netforge.onnx;
