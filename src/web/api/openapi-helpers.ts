import type { z } from "@hono/zod-openapi";
import { ErrorSchema } from "./errors.ts";

/** A JSON response entry for createRoute. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

/** A required JSON request body for createRoute. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

/** The error answers every route may give. */
export const errorResponses = {
  400: jsonResponse(ErrorSchema, "Malformed request (e.g. bad JSON)"),
  401: jsonResponse(ErrorSchema, "Missing or wrong organization API key"),
  404: jsonResponse(ErrorSchema, "Not found"),
  409: jsonResponse(ErrorSchema, "Conflicts with the current state"),
  422: jsonResponse(ErrorSchema, "Invalid fields"),
} as const;

/** Security requirement: `Authorization: Bearer <organization API key>`. */
export const bearer = [{ bearer: [] }];
