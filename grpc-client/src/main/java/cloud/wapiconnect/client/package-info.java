/** Java client for the WapiConnect gRPC API. */
package cloud.wapiconnect.client;
