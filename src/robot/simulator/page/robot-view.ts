import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import URDFLoader from 'urdf-loader';
// urdf-loader's index typings re-export these without a file extension, which NodeNext cannot follow.
import type { URDFRobot } from 'urdf-loader/src/URDFClasses.js';

/**
 * The robot drawn in 3D from its URDF (three.js + urdf-loader). Without WebGL the robot is still
 * parsed and posed, so its joint values stay readable; only the drawing is missing.
 */
export class RobotView {
  readonly robot: URDFRobot;
  readonly webgl: boolean;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(35, 1, 0.05, 50);
  private readonly renderer: THREE.WebGLRenderer | undefined;
  private readonly controls: OrbitControls | undefined;

  constructor(container: HTMLElement, urdf: string) {
    this.robot = new URDFLoader().parse(urdf);
    // URDF is z-up; three.js is y-up.
    this.robot.rotation.x = -Math.PI / 2;
    this.scene.add(this.robot);
    this.scene.background = new THREE.Color(0xeef2f7);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x8899aa, 2.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(2, 4, 3);
    this.scene.add(sun);
    this.scene.add(new THREE.GridHelper(4, 16, 0xb0b8c4, 0xd5dbe3));
    // The URDF is an upper body whose base is 0.9 m up: stand it on a plain pedestal.
    const pedestal = new THREE.Mesh(
      new THREE.CylinderGeometry(0.16, 0.2, 0.72, 32),
      new THREE.MeshStandardMaterial({ color: 0x9aa3ae }),
    );
    pedestal.position.y = 0.36;
    this.scene.add(pedestal);
    // The robot faces +x (its eyes are at +x in the URDF): look at it from the front, a little to its left.
    this.camera.position.set(2.7, 1.6, 1.0);
    let renderer: THREE.WebGLRenderer | undefined;
    try {
      renderer = new THREE.WebGLRenderer({ antialias: true });
    } catch {
      renderer = undefined;
    }
    this.renderer = renderer;
    this.webgl = renderer !== undefined;
    if (renderer) {
      renderer.setPixelRatio(window.devicePixelRatio);
      container.append(renderer.domElement);
      const controls = new OrbitControls(this.camera, renderer.domElement);
      controls.target.set(0, 1.05, 0);
      controls.update();
      this.controls = controls;
      new ResizeObserver(() => this.resize(container)).observe(container);
      this.resize(container);
    }
  }

  /** Current angle of every movable joint, by name (radians). */
  jointValues(): Record<string, number> {
    const values: Record<string, number> = {};
    for (const [name, joint] of Object.entries(this.robot.joints)) {
      if (joint.jointType !== 'fixed') values[name] = joint.angle;
    }
    return values;
  }

  /** Poses the robot; joints it does not have are ignored. */
  setJoints(values: Record<string, number>): void {
    for (const [name, value] of Object.entries(values)) {
      if (this.robot.joints[name]) this.robot.setJointValue(name, value);
    }
  }

  render(): void {
    if (!this.renderer) return;
    this.controls?.update();
    this.renderer.render(this.scene, this.camera);
  }

  private resize(container: HTMLElement): void {
    const width = Math.max(1, container.clientWidth);
    const height = Math.max(1, container.clientHeight);
    this.renderer?.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.render();
  }
}
